package diagnose

import (
	"fmt"
	"strings"
	"time"
)

// Rules about the delivery log itself: whether it could be read whole,
// and what its silence means.

func trackingUnavailable(e *Env) []Finding {
	s := e.S
	var out []Finding
	track := covErr(s, SrcTrack)
	switch {
	case track != "":
		out = append(out, e.Finding(s.Account,
			T("The delivery log (Track Delivery) could not be read", "無法讀取投遞記錄（Track Delivery）"),
			Tf("EmailTrack::search failed: %s. Without it, nothing can be said about individual messages.", "EmailTrack::search 失敗：%s。沒有投遞記錄就無法判斷個別郵件的狀況。", track),
			T("Check that the token may use Track Delivery (cPanel » Manage API Tokens, and the Track Delivery feature in the hosting plan); ask the host if the feature is disabled.", "請確認 API 權杖有權使用 Track Delivery（cPanel »「管理 API 權杖」，以及方案是否啟用「追蹤遞送」功能）；若功能被停用，請洽主機商。"),
			Evidence{Source: SrcTrack, Key: "error", Value: track}))
	case s.StatsDBStatus != "" && s.StatsDBStatus != "active":
		out = append(out, e.Finding(s.Account,
			Tf("The delivery statistics database is %q, not active", "投遞統計資料庫狀態為 %q，並非 active", s.StatsDBStatus),
			T("Track Delivery reads the eximstats database; while it is importing or the server is updating, records are missing, so an empty result proves nothing.", "Track Delivery 讀取的是 eximstats 資料庫；在匯入或伺服器更新期間紀錄會缺漏，因此查無紀錄不代表沒有郵件。"),
			T("Wait for the import or update to finish and run cpmail again; if it stays so, ask the host to check the eximstats database.", "等匯入或更新完成後再執行一次 cpmail；若持續如此，請主機商檢查 eximstats 資料庫。"),
			Evidence{Source: SrcStatsDB, Key: "status", Value: s.StatsDBStatus}))
	}
	if s.DeliveriesCapped {
		out = append(out, e.Finding(s.Account,
			T("cPanel capped the delivery log: some records are missing", "cPanel 截斷了投遞記錄：部分紀錄缺漏"),
			Tf("cPanel returned only part of the records of the window %s – %s, even asked for one second at a time; findings about deliveries may miss some.", "即使逐秒查詢，cPanel 仍只回傳 %s 至 %s 期間的部分紀錄，與投遞相關的判斷可能不完整。", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339)),
			T("Narrow the window (--since) or diagnose one address.", "請縮短時間範圍（--since）或只診斷單一地址。"),
			Evidence{Source: SrcTrack, Key: "metadata.overflowed", Value: "1"}))
	}
	return out
}

func noDeliveryRecord(e *Env) []Finding {
	s := e.S
	t := s.Target
	if t.Kind != TargetAddress || !s.Covered(SrcTrack) || s.DeliveriesCapped {
		return nil
	}
	for _, d := range e.Deliveries {
		if strings.EqualFold(string(d.Record.Recipient), t.Value) || strings.EqualFold(string(d.Record.Email), t.Value) {
			return nil
		}
	}
	ev := []Evidence{{Source: SrcTrack, Key: "records to or from " + t.Value, Value: fmt.Sprintf("0 between %s and %s", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339))}}
	for _, m := range s.MX {
		if strings.EqualFold(m.Domain, t.Domain()) {
			ev = append(ev, Evidence{Source: SrcMX, Key: m.Domain + " mx", Value: m.MX})
		}
	}
	return []Finding{e.Finding(t.Value,
		Tf("No message to or from %s reached this server in the window", "期間內沒有任何寄給或來自 %s 的郵件抵達本伺服器", t.Value),
		T("The delivery log has no record for the address. A message the sender says was sent never arrived here: it was refused before reaching this server (at connection time, by the sender's own server, or delivered to another server because the domain's MX points elsewhere).", "投遞記錄中沒有這個地址的紀錄。寄件者說已寄出的郵件根本沒有抵達這裡：可能在連線階段就被拒、卡在寄件方自己的伺服器，或因網域 MX 指向別處而送到其他伺服器。"),
		T("Ask the sender for the bounce message they received (paste it into cpmail explain) and the exact time; check that the domain's MX points to this server (cpmail dns).", "請寄件者提供收到的退信（可貼到 cpmail explain 解讀）及確切寄出時間；並確認網域的 MX 指向本伺服器（cpmail dns）。"),
		ev...)}
}
