package root

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file reads the cpmail command lines out of the scheduling files in
// contrib/ (and the README's scheduling section) as the program that runs
// them would: systemd's ExecStart, a cron.d line, an Icinga 2
// CheckCommand with the vars of its Service apply, a Nagios command with
// the $ARGn$ of its service. contrib_test.go checks each one against the
// real command tree.

// invocation is one cpmail command line found in a file.
type invocation struct {
	// where is the file and line (or object) it came from.
	where string
	// env is what the file puts in cpmail's environment.
	env map[string]string
	// args follow the cpmail binary.
	args []string
}

// account is what the files' placeholders stand for in a test: the
// address and account name of the fake server, and a token file.
type account struct {
	host, user, tokenFile string
}

// shellWords splits a command line into words as sh and systemd do for
// the lines these files hold: blanks separate words, single and double
// quotes group them, a backslash escapes the next character.
func shellWords(line string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed %c in %q", c, line)
			}
			w.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '\\' && i+1 < len(line):
			i++
			w.WriteByte(line[i])
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// cpmailArgs finds the cpmail program in words (the word cpmail, or a
// path to it in a bin directory, that is not an option's value such as
// the user of sudo -u cpmail) and returns the words after it; ok is false
// when there is none followed by arguments.
func cpmailArgs(words []string) (args []string, ok bool) {
	program := func(w string) bool {
		return w == "cpmail" || path.Base(w) == "cpmail" && path.Base(path.Dir(w)) == "bin"
	}
	for i, w := range words {
		// Not the program: the last word, an option's value, the user
		// of a cron.d line (the program follows).
		if !program(w) || i+1 == len(words) || i > 0 && strings.HasPrefix(words[i-1], "-") || program(words[i+1]) {
			continue
		}
		return words[i+1:], true
	}
	return nil, false
}

// readText returns the text of file, or fails t.
func readText(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// envAssignment matches NAME=value lines (cron.d variables, systemd
// environment files).
var envAssignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)

// envFile reads NAME=value lines, leaving out comments and blank lines.
func envFile(t *testing.T, file string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for n, line := range strings.Split(readText(t, file), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := envAssignment.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s:%d: not NAME=value: %q", file, n+1, line)
			continue
		}
		env[m[1]] = m[2]
	}
	return env
}

// systemdInvocations returns the ExecStart lines of a unit, with the
// environment of its EnvironmentFile (looked up beside the unit by its
// base name).
func systemdInvocations(t *testing.T, unit string) []invocation {
	t.Helper()
	env := map[string]string{}
	var invs []invocation
	for n, line := range strings.Split(readText(t, unit), "\n") {
		if v, ok := strings.CutPrefix(line, "EnvironmentFile="); ok {
			for k, val := range envFile(t, path.Join(path.Dir(unit), path.Base(strings.TrimPrefix(v, "-")))) {
				env[k] = val
			}
		}
		v, ok := strings.CutPrefix(line, "ExecStart=")
		if !ok {
			continue
		}
		words, err := shellWords(strings.TrimLeft(v, "-@:+!"))
		if err != nil {
			t.Fatalf("%s:%d: %v", unit, n+1, err)
		}
		args, ok := cpmailArgs(words)
		if !ok {
			t.Fatalf("%s:%d: ExecStart runs no cpmail: %q", unit, n+1, line)
		}
		invs = append(invs, invocation{where: fmt.Sprintf("%s:%d", unit, n+1), env: env, args: args})
	}
	return invs
}

// cronInvocations returns the command lines of a cron.d file (five time
// fields, the user, the command), with the file's variables.
func cronInvocations(t *testing.T, file string) []invocation {
	t.Helper()
	env := map[string]string{}
	var invs []invocation
	for n, line := range strings.Split(readText(t, file), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := envAssignment.FindStringSubmatch(line); m != nil {
			env[m[1]] = m[2]
			continue
		}
		if strings.Contains(line, "%") {
			t.Errorf("%s:%d: cron turns %% into a newline: %q", file, n+1, line)
		}
		words, err := shellWords(line)
		if err != nil || len(words) < 7 {
			t.Fatalf("%s:%d: not a cron.d line (minute hour day month weekday user command): %q", file, n+1, line)
		}
		args, ok := cpmailArgs(words[6:])
		if !ok {
			t.Fatalf("%s:%d: runs no cpmail: %q", file, n+1, line)
		}
		invs = append(invs, invocation{where: fmt.Sprintf("%s:%d", file, n+1), env: env, args: args})
	}
	return invs
}

// icingaValue reads an Icinga 2 value as the files write it: a string, an
// array of strings, a number or a boolean.
func icingaValue(s string) any {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "["):
		var items []string
		for _, m := range regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(s, -1) {
			items = append(items, m[1])
		}
		return items
	case strings.HasPrefix(s, `"`):
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return strings.Trim(s, `"`)
	case s == "true" || s == "false":
		return s == "true"
	}
	return s
}

// block returns the text between the braces that open at the first
// match of start in s, and whether there was one.
func block(s, start string) (string, bool) {
	i := strings.Index(s, start)
	if i < 0 {
		return "", false
	}
	i += len(start)
	depth := 1
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return s[i:j], true
			}
		}
	}
	return "", false
}

// icingaInvocation builds the command line Icinga 2 runs for the
// CheckCommand "cpmail" of file, with the vars of its "cpmail" Service
// apply, for a host whose vars.cpanel_host and vars.cpanel_user are acct's.
func icingaInvocation(t *testing.T, file string, acct account) invocation {
	t.Helper()
	src := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(readText(t, file), "")
	command, ok1 := block(src, `object CheckCommand "cpmail" {`)
	service, ok2 := block(src, `apply Service "cpmail" {`)
	arguments, ok3 := block(command, "arguments = {")
	envBlock, ok4 := block(command, "env = {")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		t.Fatalf("%s: no CheckCommand \"cpmail\" with arguments and env, or no apply Service \"cpmail\"", file)
	}
	vars := map[string]any{}
	varLine := regexp.MustCompile(`(?m)^\s*vars\.(\w+)\s*=\s*(.+)$`)
	for _, part := range []string{command, service} { // the Service's override the command's
		for _, m := range varLine.FindAllStringSubmatch(part, -1) {
			vars[m[1]] = icingaValue(m[2])
		}
	}
	hostVars := map[string]string{"host.name": "mail.example.com", "service.name": "cpmail",
		"host.vars.cpanel_host": acct.host, "host.vars.cpanel_user": acct.user}
	macro := regexp.MustCompile(`\$([\w.]+)\$`)
	// resolve returns v with its macros resolved; set is false when v is
	// one macro of a var that is not set (Icinga then leaves the argument
	// out).
	var resolve func(v string, depth int) (string, bool)
	resolve = func(v string, depth int) (string, bool) {
		if depth > 5 {
			t.Fatalf("%s: macros nest too deep in %q", file, v)
		}
		if m := macro.FindStringSubmatch(v); m != nil && m[0] == v {
			if _, isVar := vars[strings.TrimPrefix(m[1], "vars.")]; !isVar && hostVars[m[1]] == "" {
				return "", false
			}
		}
		out := macro.ReplaceAllStringFunc(v, func(s string) string {
			name := strings.Trim(s, "$")
			if hv, ok := hostVars[name]; ok {
				return hv
			}
			switch val := vars[name].(type) {
			case string:
				r, _ := resolve(val, depth+1)
				return r
			case nil:
				t.Errorf("%s: the macro %s is not set", file, s)
			default:
				return fmt.Sprint(val)
			}
			return ""
		})
		return out, true
	}
	inv := invocation{where: file + `: CheckCommand "cpmail"`, env: map[string]string{}}
	m := regexp.MustCompile(`command = \[(.*?)\]`).FindStringSubmatch(command)
	if m == nil {
		t.Fatalf("%s: the CheckCommand has no command = [ … ]", file)
	}
	cmdWords, _ := icingaValue("[" + m[1] + "]").([]string)
	args, ok := cpmailArgs(cmdWords)
	if !ok {
		args, ok = nil, len(cmdWords) == 1 && path.Base(cmdWords[0]) == "cpmail"
	}
	if !ok {
		t.Fatalf("%s: the CheckCommand runs no cpmail: %v", file, cmdWords)
	}
	inv.args = args
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+)\s*=\s*(".*")\s*$`).FindAllStringSubmatch(envBlock, -1) {
		if v, set := resolve(icingaValue(m[2]).(string), 0); set && v != "" {
			inv.env[m[1]] = v
		}
	}
	attr := regexp.MustCompile(`(?m)^\s*(\w+)\s*=\s*(.+?)\s*$`)
	for _, a := range regexp.MustCompile(`(?s)"([^"]+)"\s*=\s*\{([^{}]*)\}`).FindAllStringSubmatch(arguments, -1) {
		key, props := a[1], map[string]any{}
		for _, p := range attr.FindAllStringSubmatch(a[2], -1) {
			props[p[1]] = icingaValue(p[2])
		}
		if k, ok := props["key"].(string); ok {
			key = k
		}
		if cond, ok := props["set_if"].(string); ok {
			if v, set := resolve(cond, 0); set && v == "true" {
				inv.args = append(inv.args, key)
			}
			continue
		}
		ref, _ := props["value"].(string)
		mm := macro.FindStringSubmatch(ref)
		if mm == nil {
			t.Errorf("%s: argument %s has no value macro", file, a[1])
			continue
		}
		var values []string
		switch val := vars[mm[1]].(type) {
		case nil:
			continue // not set: Icinga leaves the argument out
		case []string:
			values = val
		case string:
			r, _ := resolve(val, 0)
			values = []string{r}
		default:
			values = []string{fmt.Sprint(val)}
		}
		for _, v := range values {
			if props["skip_key"] != true {
				inv.args = append(inv.args, key)
			}
			inv.args = append(inv.args, v)
		}
	}
	return inv
}

// nagiosObjects reads the define TYPE { key value } blocks of a Nagios
// object file.
func nagiosObjects(t *testing.T, file string) map[string][]map[string]string {
	t.Helper()
	objs := map[string][]map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)define\s+(\w+)\s*\{(.*?)\}`).FindAllStringSubmatch(readText(t, file), -1) {
		o := map[string]string{}
		for _, line := range strings.Split(m[2], "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
				continue
			}
			k, v, _ := strings.Cut(line, " ")
			o[k] = strings.TrimSpace(v)
		}
		objs[m[1]] = append(objs[m[1]], o)
	}
	return objs
}

// nagiosInvocations builds the command line Nagios runs for each service
// of file whose check_command is defined there, for hosts whose
// _CPANEL_HOST, _CPANEL_USER and _CPMAIL_TOKEN_FILE are acct's.
func nagiosInvocations(t *testing.T, file string, acct account) []invocation {
	t.Helper()
	objs := nagiosObjects(t, file)
	commands, hosts := map[string]string{}, map[string]map[string]string{}
	for _, c := range objs["command"] {
		commands[c["command_name"]] = c["command_line"]
	}
	for _, h := range objs["host"] {
		hosts[h["host_name"]] = h
	}
	var invs []invocation
	for _, s := range objs["service"] {
		parts := strings.Split(s["check_command"], "!")
		line, ok := commands[parts[0]]
		host := hosts[s["host_name"]]
		if !ok || host == nil {
			t.Errorf("%s: service %s: command %q or host %q not defined in the file", file, s["service_description"], parts[0], s["host_name"])
			continue
		}
		for k, v := range map[string]string{"_CPANEL_HOST": acct.host, "_CPANEL_USER": acct.user, "_CPMAIL_TOKEN_FILE": acct.tokenFile} {
			if _, ok := host[k]; !ok {
				t.Errorf("%s: host %s has no %s", file, s["host_name"], k)
			}
			host[k] = v
		}
		line = regexp.MustCompile(`\$[A-Z0-9_]+\$`).ReplaceAllStringFunc(line, func(m string) string {
			name := strings.Trim(m, "$")
			switch {
			case strings.HasPrefix(name, "ARG"):
				n, _ := strconv.Atoi(strings.TrimPrefix(name, "ARG"))
				if n >= 1 && n < len(parts) {
					return parts[n]
				}
				return ""
			case strings.HasPrefix(name, "_HOST"):
				if v, ok := host["_"+strings.TrimPrefix(name, "_HOST")]; ok {
					return v
				}
			case name == "HOSTNAME":
				return host["host_name"]
			case name == "HOSTADDRESS":
				return host["address"]
			case name == "SERVICEDESC":
				return s["service_description"]
			}
			t.Errorf("%s: the macro %s is not set", file, m)
			return ""
		})
		// Nagios hands a command line holding any of these to a shell.
		if strings.ContainsAny(line, "!$^&*()~[]\\|{};<>?`\"'") {
			t.Errorf("%s: %q needs a shell: keep Nagios's command lines free of shell characters", file, line)
		}
		words := strings.Fields(line)
		env := map[string]string{}
		if len(words) > 0 && words[0] == "/usr/bin/env" {
			words = words[1:]
			for len(words) > 0 && envAssignment.MatchString(words[0]) {
				k, v, _ := strings.Cut(words[0], "=")
				env[k], words = v, words[1:]
			}
		}
		args, ok := cpmailArgs(words)
		if !ok {
			t.Errorf("%s: command %s runs no cpmail: %q", file, parts[0], line)
			continue
		}
		invs = append(invs, invocation{where: fmt.Sprintf("%s: service %s", file, s["service_description"]), env: env, args: args})
	}
	return invs
}
