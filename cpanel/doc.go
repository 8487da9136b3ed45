// Package cpanel is a read-only client for one cPanel account's APIs: UAPI
// (/execute/Module/function) and cPanel API 2 (/json-api/cpanel), over
// HTTPS with an API token. It reads what explains why mail does not
// arrive: mailboxes and their quotas, forwarders, routing, filters and
// spam settings, the delivery log (Track Delivery), cPanel's own SPF,
// DKIM, DMARC and PTR checks, the DNS zone, the account's quota and its
// domains.
//
// # Creating a client
//
// A client is for one account on one server. It authenticates every
// request with the account's API token (cPanel » Security » Manage API
// Tokens), sent in the Authorization header as "cpanel USER:TOKEN" and
// never in a URL:
//
//	client, err := cpanel.NewClient("server.example.com", "alice", token)
//
// The host may be written "host", "host:port", "[v6]:port" or as a URL,
// "https://host:port"; the default scheme is https and the default port
// 2083, cPanel's TLS port for the account's APIs (see ParseHost). Plain
// "http://" is accepted when written out. Options set the time limit of
// one request (WithTimeout), the retries (WithRetries), the size caps
// (WithMaxBodyBytes, WithMaxValueBytes), how the server's certificate is
// trusted (WithTLSConfig, with TLSConfig building one that pins a
// self-signed certificate's key), an *http.Client of your own
// (WithHTTPClient) and a debug log (WithDebug, which never logs the
// token).
//
// # Services
//
// The client's fields are services, one per cPanel module, in the manner
// of go-github. Each method takes a context first and returns its result,
// a *Response (cPanel's warnings and metadata, the HTTP status, the size
// and time of the call) and an error; its doc comment names the cPanel
// function it calls:
//
//	boxes, _, err := client.Email.ListPOPsWithDisk(ctx, nil)  // UAPI Email::list_pops_with_disk
//	quota, _, err := client.Quota.GetQuotaInfo(ctx)           // UAPI Quota::get_quota_info
//	spf, _, err := client.EmailAuth.ValidateCurrentSPFs(ctx, "example.com")
//
// Email reads mailboxes, forwarders, routing, filters and spam settings;
// EmailTrack the delivery log; EmailAuth cPanel's SPF, DKIM, DMARC and
// PTR validation; DNS the zones; Quota, Variables and DomainInfo the
// account. Client.UAPI and Client.API2 call any function on the read-only
// allow-list and decode its data into a value of your own.
//
// cPanel's JSON is loosely typed (a number may come as a string, a flag as
// 0, "1" or true, a limit as "unlimited" or null); the types Int, Float,
// Bool, String and Limit accept each form cPanel sends.
//
// # Through WHM
//
// With a WHM API token (root, or a reseller for its own accounts),
// NewWHMClient talks to WHM API 1 on port 2087 ("Authorization: whm
// USER:TOKEN", api.version=1, metadata.result checked): ListAccounts
// (listaccts, paged with api.chunk), AccountSummary and
// EmailTrackUserStats. WHMClient.Account returns a *Client for any
// account the token may see, whose services are the same as above and
// read the account through WHM: UAPI through uapi_cpanel (data.uapi.status
// is checked too, since WHM says OK when the UAPI call failed), API 2
// through WHM's cpanel proxy, the user name lower-cased. One seam, the
// client's route, decides where a call goes and how its answer is
// unwrapped; the services do not know which one they run over. The WHM
// client and its account clients share one credential gate and one rate
// limit (WithRateLimit), and WHM functions have their own read-only
// allow-list (IsReadOnlyWHMCall).
//
//	whm, err := cpanel.NewWHMClient("server.example.com", "root", token)
//	for acct, err := range whm.ListAccounts(ctx, nil) {
//		boxes, _, err := whm.Account(string(acct.User)).Email.ListPOPsWithDisk(ctx, nil)
//	}
//
// # Reading the delivery log
//
// EmailTrack.Records is the way to read Track Delivery. It returns an
// iterator (iter.Seq2) over the records of a window, newest first, decoded
// as they arrive, so that memory is bounded by one answer, not by the
// number of records; when cPanel caps an answer, it asks again for the
// rest of the window, so that no record is silently cut:
//
//	opts := cpanel.SearchOptions{Types: []cpanel.EventType{cpanel.EventFailure, cpanel.EventDefer}, Since: time.Now().Add(-24 * time.Hour)}
//	var st cpanel.SearchStats
//	for r, err := range client.EmailTrack.Records(ctx, &opts, &st) {
//		if err != nil {
//			return err // the first error ends the sequence
//		}
//		fmt.Println(r.Time(), r.Recipient, r.Message)
//	}
//	if st.Capped {
//		// more records share one second than cPanel returns: some are missing
//	}
//
// Breaking out of the loop stops reading at once.
//
// # Errors
//
// Every error the client returns is one of this package's types, and
// ClassOf (or errors.Is with an ErrorClass such as ClassTimeout) tells
// them apart without reading their text:
//
//   - *APIError: cPanel answered, and the function failed (UAPI status 0,
//     an API 2 error); Errors holds cPanel's own messages.
//   - *HTTPError: an HTTP status other than 200 and the redirects
//     (StatusCode, the start of Body, RetryAfter, LockedOut).
//   - *RedirectError: a redirect, which cPanel's API never sends (the wrong
//     port, a login page).
//   - *DecodeError: the answer is not the JSON cPanel sends; Kind says what
//     came instead (DecodeHTML, DecodeTruncated, DecodeNotJSON,
//     DecodeUnexpectedShape, DecodeBadGzip).
//   - *SizeError: the answer, or one value in it, is larger than its cap.
//   - *NetworkError: no HTTP answer; Kind says why (NetworkTimeout,
//     NetworkRefused, NetworkNoSuchHost, NetworkPlainHTTP, NetworkTLS,
//     NetworkClosed), read from the types of the transport's error. An
//     untrusted certificate is also a *CertificateError in its chain,
//     which carries the key's pin (see SPKIPin and TLSOptions.PinSHA256).
//   - *NotReadOnlyError: a function off the read-only allow-list, refused
//     before anything was sent.
//   - *InputError: NewClient, ParseHost, ParsePin or TLSConfig was given a
//     missing or malformed value; Input says which.
//
// The texts of these errors say what went wrong, on one line, with the
// values that matter (the function, the status, the start of the body,
// never the token); what a program or its user should do next is the
// caller's to say.
//
// Three sentinels, matched with errors.Is, mark refusals:
//
//   - ErrUnauthorized: access was denied, to the credentials or to one
//     function (HTTP 401 or 403, cPanel's "Access denied").
//   - ErrCredentialsRefused: the credentials themselves were refused (HTTP
//     401, or a 403 that names no feature or function). Stop every call
//     made with them, and do not retry with the same user and token:
//     cPanel's brute-force protection (cPHulk) counts refused logins and
//     blocks the IP address that keeps failing. The client itself sends
//     nothing more once it has seen one (Client.Refused returns it).
//   - ErrLockedOut: the refusal names cPHulk, so the IP address is already
//     blocked. Stop, and have the server's administrator remove the block
//     (WHM » Security Center » cPHulk Brute Force Protection), or wait for
//     it to expire, before trying again with checked credentials. Every
//     ErrLockedOut error is also ErrCredentialsRefused, and every
//     ErrCredentialsRefused error is also ErrUnauthorized.
//
// # Read-only
//
// The client only reads. Every call, from the services, Client.UAPI and
// Client.API2 alike, is checked against one allow-list of functions that
// cPanel documents as returning data only (see IsReadOnlyCall and
// ReadOnlyCalls); a function off the list is refused with a
// *NotReadOnlyError before a request is made. The fake server in package
// cpaneltest refuses what is off the same list, so a test that passes
// against it cannot have changed an account.
//
// # Retries and limits
//
// A read that fails to connect, or is answered 502, 503 or 504, is retried
// with backoff, honouring Retry-After, but never past the context's
// deadline; a streamed read is not retried once records have been handed
// out. Every answer is capped after decompression (a gzip bomb stops at
// the cap).
//
// # Concurrency
//
// A Client is safe for concurrent use by multiple goroutines. Until one
// answer has shown the credentials accepted, it lets only one request onto
// the wire at a time, so that a wrong token costs one refused login, not
// one per goroutine; once they are accepted, calls run in parallel; once
// they are refused, every call returns the refusal without a request.
package cpanel
