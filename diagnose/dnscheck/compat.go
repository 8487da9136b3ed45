package dnscheck

import (
	_ "embed"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
)

// The words of the problems and summaries are data (Problem.Text,
// Result.SummaryText); Problem.Message and Result.Summary are filled when
// they are rendered (Report.Render). Some readers still take the words
// from those two fields (diagnose's live DNS rules and gathering, the dns
// command's table), so until each of them renders the Texts itself, in the
// user's language, CheckDomain fills the fields in English, the words
// cpmail printed before they became data.
//
// compat.en.toml is a copy of the staging catalog dns.en.toml at the root
// of the module (a test keeps the two equal): the catalogs embedded in
// internal/i18n get dnscheck's messages only when the staging files are
// merged into them. Delete this file and compat.en.toml once no reader
// takes Message or Summary.

//go:embed compat.en.toml
var compatEnglish []byte

// englishWords returns the renderer CheckDomain fills Message and Summary
// with: the English catalog of internal/i18n with dnscheck's messages.
func englishWords() (func(msg.Text) string, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	if err := cat.Add("en.toml", compatEnglish); err != nil {
		return nil, err
	}
	return cat.Localizer("en").Text, nil
}
