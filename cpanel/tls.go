package cpanel

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// TLSOptions says how to trust the server's certificate.
type TLSOptions struct {
	// Insecure turns verification off entirely.
	Insecure bool
	// CAPEM holds extra trusted CA certificates, PEM encoded.
	CAPEM []byte
	// PinSHA256 accepts only a certificate whose public key (SPKI) has one of
	// these SHA-256 digests, base64 or hex; the chain is then not checked,
	// so a self-signed certificate works and a valid chain to another key
	// does not.
	PinSHA256 []string
	// ServerName overrides the name checked against the certificate.
	ServerName string
}

// CertificateError is a server certificate that was not trusted. It carries
// the certificate's public-key pin so the user can choose to trust it.
type CertificateError struct {
	Pin     string // base64 SHA-256 of the leaf's SubjectPublicKeyInfo
	Subject string
	Err     error
}

// Error explains the failure and names the certificate's pin.
func (e *CertificateError) Error() string {
	return fmt.Sprintf("the server's TLS certificate is not trusted (%v); its public-key pin is %s", e.Err, e.Pin)
}

// Unwrap returns the verification error.
func (e *CertificateError) Unwrap() error { return e.Err }

// SPKIPin returns the base64 SHA-256 digest of a certificate's public key,
// the form ParsePin and TLSOptions.PinSHA256 accept.
func SPKIPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// ParsePin accepts a pin as base64 (44 characters, optionally prefixed by
// "sha256/") or as hex (64 digits, colons allowed) and returns the digest.
func ParsePin(s string) ([]byte, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "sha256/"))
	if h := strings.ReplaceAll(s, ":", ""); len(h) == 64 {
		if b, err := hex.DecodeString(h); err == nil {
			return b, nil
		}
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == sha256.Size {
		return b, nil
	}
	return nil, &InputError{Input: InputPin, Value: s, Problem: "give the SHA-256 of the public key as base64 (44 characters) or hex (64 digits)"}
}

// TLSConfig builds the tls.Config for opts. Without a pin, the certificate is
// verified against the system roots plus CAPEM; a failure becomes a
// *CertificateError that names the pin to use.
func TLSConfig(opts TLSOptions) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: opts.ServerName}
	if opts.Insecure {
		cfg.InsecureSkipVerify = true
		return cfg, nil
	}
	var pins [][]byte
	for _, p := range opts.PinSHA256 {
		b, err := ParsePin(p)
		if err != nil {
			return nil, err
		}
		pins = append(pins, b)
	}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if len(opts.CAPEM) > 0 && !roots.AppendCertsFromPEM(opts.CAPEM) {
		return nil, &InputError{Input: InputCA, Problem: "CAPEM holds no PEM certificate"}
	}
	// Verification is done by hand so that a failure can report the pin.
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		leaf := cs.PeerCertificates[0]
		if len(pins) > 0 {
			sum := sha256.Sum256(leaf.RawSubjectPublicKeyInfo)
			for _, p := range pins {
				if string(p) == string(sum[:]) {
					return nil
				}
			}
			return &CertificateError{Pin: SPKIPin(leaf), Subject: leaf.Subject.String(), Err: errors.New("its public key matches none of the pins")}
		}
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		name := cs.ServerName
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: name}); err != nil {
			return &CertificateError{Pin: SPKIPin(leaf), Subject: leaf.Subject.String(), Err: err}
		}
		return nil
	}
	return cfg, nil
}
