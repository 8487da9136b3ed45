package cpanel

import "strings"

// IsReadOnly reports whether a cPanel function name is one cpmail may call:
// its name says it reads (list_*, get_*, fetch*, validate_current_*, has_*,
// search, trace_*, parse_*, stats*, …) and no word in it says it changes
// anything (add, delete, set, suspend, …). The check is conservative:
// unknown names are refused.
func IsReadOnly(function string) bool {
	words := strings.Split(strings.ToLower(strings.TrimSpace(function)), "_")
	if len(words) == 0 || words[0] == "" {
		return false
	}
	for _, w := range words {
		switch w {
		case "add", "delete", "del", "remove", "set", "edit", "change", "suspend", "unsuspend", "hold", "release",
			"enable", "disable", "create", "update", "store", "save", "install", "uninstall", "reset", "repair",
			"ensure", "toggle", "purge", "flush", "send", "import", "restore", "rename", "move", "upload",
			"passwd", "unset", "install_dkim", "generate", "revoke", "terminate", "kill", "clear", "mark", "put", "post":
			return false
		}
	}
	first := words[0]
	for _, p := range []string{"list", "get", "fetch", "validate", "has", "is", "stats", "search", "trace", "parse", "count", "lookup", "check", "show", "status", "describe", "version", "browse", "retrieve"} {
		if first == p || (len(p) > 2 && strings.HasPrefix(first, p)) {
			return first != "validate" || (len(words) > 1 && words[1] == "current")
		}
	}
	return false
}
