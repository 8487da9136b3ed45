package cpanel

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// selfSigned makes a self-signed certificate for names, valid in [from, to].
func selfSigned(t *testing.T, names []string, ips []net.IP, from, to time.Time) (tls.Certificate, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "cpanel.test"},
		NotBefore: from, NotAfter: to, DNSNames: names, IPAddresses: ips,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, cert
}

func tlsServer(t *testing.T, cert tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(uapiOK(`"active"`)))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func callWith(t *testing.T, url string, opts TLSOptions) error {
	t.Helper()
	cfg, err := TLSConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(url, testUser, testToken, WithTLSConfig(cfg), WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Email.StatsDBStatus(t.Context())
	return err
}

func TestTLS(t *testing.T) {
	t.Parallel()
	now := time.Now()
	loop := []net.IP{net.ParseIP("127.0.0.1")}
	good, goodCert := selfSigned(t, []string{"localhost"}, loop, now.Add(-time.Hour), now.Add(time.Hour))
	expired, _ := selfSigned(t, []string{"localhost"}, loop, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	wrongHost, _ := selfSigned(t, []string{"other.example"}, nil, now.Add(-time.Hour), now.Add(time.Hour))
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: goodCert.Raw})
	goodPin := SPKIPin(goodCert)

	goodSrv, expiredSrv, wrongSrv := tlsServer(t, good), tlsServer(t, expired), tlsServer(t, wrongHost)

	t.Run("self-signed refused by default, with the pin in the error", func(t *testing.T) {
		err := callWith(t, goodSrv.URL, TLSOptions{})
		var ce *CertificateError
		var ne *NetworkError
		if !errors.As(err, &ce) || ce.Pin != goodPin || !strings.Contains(err.Error(), goodPin) ||
			!errors.As(err, &ne) || ne.Kind() != NetworkTLS || retryable(err) {
			t.Fatalf("err = %v", err)
		}
		if strings.Contains(err.Error(), "--") {
			t.Errorf("library error names a flag: %v", err)
		}
	})
	t.Run("ca-file trusts it", func(t *testing.T) {
		if err := callWith(t, goodSrv.URL, TLSOptions{CAPEM: caPEM}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("pin accepts it", func(t *testing.T) {
		if err := callWith(t, goodSrv.URL, TLSOptions{PinSHA256: []string{goodPin}}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("pin refuses another key even with a valid chain", func(t *testing.T) {
		other := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
		err := callWith(t, goodSrv.URL, TLSOptions{PinSHA256: []string{other}, CAPEM: caPEM})
		var ce *CertificateError
		if !errors.As(err, &ce) {
			t.Fatalf("err = %v, want CertificateError", err)
		}
	})
	t.Run("expired refused even with its CA", func(t *testing.T) {
		if err := callWith(t, expiredSrv.URL, TLSOptions{CAPEM: caPEM}); err == nil {
			t.Fatal("expired certificate accepted")
		}
	})
	t.Run("wrong host refused", func(t *testing.T) {
		err := callWith(t, wrongSrv.URL, TLSOptions{})
		if err == nil || !strings.Contains(err.Error(), "not trusted") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("insecure accepts anything", func(t *testing.T) {
		if err := callWith(t, expiredSrv.URL, TLSOptions{Insecure: true}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("TLS errors are not retried", func(t *testing.T) {
		if retryable(&NetworkError{Err: &CertificateError{Err: errors.New("x")}}) {
			t.Fatal("certificate error marked retryable")
		}
		// The server refuses a client that sends no certificate: the
		// client gets TLS's alert, a *net.OpError, not a text.
		srv := httptest.NewUnstartedServer(http.NotFoundHandler())
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{good}, ClientAuth: tls.RequireAnyClientCert}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		err := callWith(t, srv.URL, TLSOptions{Insecure: true})
		var ne *NetworkError
		if !errors.As(err, &ne) || ne.Kind() != NetworkTLS || retryable(err) {
			t.Fatalf("err = %v (kind %v), want a TLS failure that is not retried", err, ne.Kind())
		}
	})
}

func TestParsePin(t *testing.T) {
	t.Parallel()
	if _, err := ParsePin("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="); err != nil {
		t.Error(err)
	}
	if _, err := ParsePin(strings.Repeat("ab:", 31) + "ab"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "xyz", "AAAA"} {
		if _, err := ParsePin(bad); err == nil {
			t.Errorf("ParsePin(%q) accepted", bad)
		}
	}
}
