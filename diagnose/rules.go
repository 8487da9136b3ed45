package diagnose

// Rules returns the default rules, in the order their findings are listed
// when severities tie (most likely causes first). It returns a new slice on
// every call.
func Rules() []Rule {
	var rs []Rule
	rs = append(rs, deliveryRules()[:1]...)
	rs = append(rs, mailboxRules()...)
	rs = append(rs, configRules()...)
	rs = append(rs, liveRules()...)
	rs = append(rs, cpanelRules()...)
	rs = append(rs, deliveryRules()[1:]...)
	return rs
}

// RuleIDs lists every rule id, in order.
func RuleIDs() []string {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}
