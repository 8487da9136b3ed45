package root

import (
	"errors"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/lang"
)

// withHint returns err with the CLI's advice for it, if it has any,
// appended to its text: the cpanel library's errors say what went wrong
// and carry its facts as types; which of cpmail's flags or variables to
// change is said here, and only here. errors.Is and errors.As see through
// the result to err.
func withHint(err error, l lang.Tag) error {
	h := hint(err, l)
	if err == nil || h == "" {
		return err
	}
	return &hintedError{err: err, hint: h}
}

// hintedError is an error followed by the CLI's advice.
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return e.err.Error() + ": " + e.hint }
func (e *hintedError) Unwrap() error { return e.err }

// hint says, in l, what to do about err with cpmail's flags and
// variables, or "" when there is nothing to add to the error's own text.
// It reads the typed facts of the cpanel errors, never their text.
func hint(err error, l lang.Tag) string {
	T := l.Pick
	var (
		in   *cpanel.InputError
		cert *cpanel.CertificateError
		de   *cpanel.DecodeError
		se   *cpanel.SizeError
		ne   *cpanel.NetworkError
	)
	switch {
	case errors.As(err, &in):
		return inputHint(in, l)
	case errors.As(err, &cert):
		return T("if this is your server's self-signed certificate, trust exactly this key with --pin-sha256 "+cert.Pin+" (or give its CA with --ca-file)",
			"若這是您伺服器的自簽憑證，可用 --pin-sha256 "+cert.Pin+" 只信任這把金鑰（或以 --ca-file 指定其 CA）")
	case errors.As(err, &de):
		switch de.Kind {
		case cpanel.DecodeHTML:
			return T("check --host and the port (cPanel is 2083) and that no firewall stands in between",
				"請檢查 --host 與連接埠（cPanel 為 2083），並確認中間沒有防火牆阻擋")
		case cpanel.DecodeTruncated:
			return T("try again, or raise --timeout", "請再試一次，或加大 --timeout")
		}
	case errors.As(err, &se):
		if !se.Value {
			return T("narrow the query (a shorter --since window, a --recipient) or raise --max-response",
				"請縮小查詢範圍（較短的 --since 時段、指定 --recipient），或加大 --max-response")
		}
	case errors.As(err, &ne):
		switch ne.Kind() {
		case cpanel.NetworkRefused:
			return T("nothing listens there: check --host and the port (cPanel is 2083)", "該處沒有服務在監聽：請檢查 --host 與連接埠（cPanel 為 2083）")
		case cpanel.NetworkTimeout:
			return T("no answer in time: check the host and port, or raise --timeout", "未在時限內回應：請檢查主機與連接埠，或加大 --timeout")
		case cpanel.NetworkNoSuchHost:
			return T("the host name does not resolve: check --host", "無法解析主機名稱：請檢查 --host")
		case cpanel.NetworkPlainHTTP:
			return T("the server speaks plain HTTP: write the host as http://HOST:PORT", "伺服器使用未加密的 HTTP：請將主機寫成 http://主機:連接埠")
		case cpanel.NetworkClosed:
			return T("the connection was closed by the server or a firewall: try again, check the port", "連線被伺服器或防火牆關閉：請再試一次，並檢查連接埠")
		}
	}
	return ""
}

// inputHint names the flags and variables that give the input.
func inputHint(in *cpanel.InputError, l lang.Tag) string {
	T := l.Pick
	switch in.Input {
	case cpanel.InputHost:
		if in.Missing {
			return T("set --host or CPANEL_HOST", "請設定 --host 或 CPANEL_HOST")
		}
		return T("check --host, CPANEL_HOST or the profile (the user goes in CPANEL_USER, the token in a token file)",
			"請檢查 --host、CPANEL_HOST 或設定檔（使用者請放在 CPANEL_USER，權杖請放在權杖檔）")
	case cpanel.InputUser:
		return T("set --user or CPANEL_USER", "請設定 --user 或 CPANEL_USER")
	case cpanel.InputToken:
		if in.Missing {
			return T("set CPANEL_TOKEN, use --token-file, or run 'cpmail login'", "請設定 CPANEL_TOKEN、使用 --token-file，或執行 'cpmail login'")
		}
		return T("check the token file or CPANEL_TOKEN", "請檢查權杖檔或 CPANEL_TOKEN")
	case cpanel.InputPin:
		return T("check --pin-sha256", "請檢查 --pin-sha256")
	case cpanel.InputCA:
		return T("check --ca-file", "請檢查 --ca-file")
	}
	return ""
}
