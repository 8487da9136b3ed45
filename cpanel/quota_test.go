package cpanel

import (
	"encoding/json"
	"math"
	"testing"
)

// A quota limit absent from cPanel's answer is "not reported": never read
// as unlimited (the zero Limit used to be 0, and 0 means unlimited), and it
// stays so through a saved snapshot.
func TestQuotaLimitNotReported(t *testing.T) {
	t.Parallel()
	cases := []struct {
		body       string
		disk       string // DiskLimitBytes().String()
		inodes     string
		diskFinite bool
	}{
		{`{"megabytes_used":"0.00","megabyte_limit":1024,"inode_limit":0}`, "1073741824", "unlimited", true},
		{`{"megabytes_used":12,"megabyte_limit":"0.00","inode_limit":"0"}`, "unlimited", "unlimited", false},
		{`{"megabytes_used":12,"megabyte_limit":null,"inode_limit":null}`, "unlimited", "unlimited", false},
		{`{"megabytes_used":12}`, "not reported", "not reported", false},
		// Quota::get_local_quota_info's name, in bytes.
		{`{"megabytes_used":12,"byte_limit":262144000,"inode_limit":5000}`, "262144000", "5000", true},
		{`{"megabytes_used":12,"byte_limit":0}`, "unlimited", "not reported", false},
	}
	for _, tc := range cases {
		var q QuotaInfo
		if err := json.Unmarshal([]byte(tc.body), &q); err != nil {
			t.Fatalf("%s: %v", tc.body, err)
		}
		check := func(when string, q QuotaInfo) {
			if got := q.DiskLimitBytes().String(); got != tc.disk {
				t.Errorf("%s %s: disk limit %s, want %s", when, tc.body, got, tc.disk)
			}
			if got := q.InodeLimit().String(); got != tc.inodes {
				t.Errorf("%s %s: inode limit %s, want %s", when, tc.body, got, tc.inodes)
			}
			if _, ok := q.DiskLimitBytes().Finite(); ok != tc.diskFinite {
				t.Errorf("%s %s: finite %v", when, tc.body, ok)
			}
		}
		check("decoded", q)
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		var back QuotaInfo
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		check("saved and read back ("+string(b)+")", back)
	}
}

// A mailbox whose answer has neither _diskquota nor diskquota has a quota
// not reported, and no percentage; diskquota alone is read in MiB.
func TestMailboxQuotaNotReported(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"email":"a@x.example","_diskused":10}`:                                "not reported",
		`{"email":"a@x.example","_diskused":10,"diskquota":"256.00"}`:           "268435456",
		`{"email":"a@x.example","_diskused":10,"_diskquota":null}`:              "unlimited",
		`{"email":"a@x.example","_diskused":10,"_diskquota":0,"diskquota":"2"}`: "2097152",
		`{"email":"a@x.example","_diskused":10,"diskquota":"unlimited"}`:        "unlimited",
	} {
		var m Mailbox
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatal(err)
		}
		if got := m.Quota().String(); got != want {
			t.Errorf("%s: quota %s, want %s", body, got, want)
		}
		if _, ok := m.UsedPercent(); ok != (want != "not reported" && want != "unlimited") {
			t.Errorf("%s: UsedPercent ok=%v", body, ok)
		}
	}
}

// Sizes no disk holds are kept as sent (ByteSize says so), and integers
// beyond int64 are refused with a clear error instead of wrapping around
// to -9223372036854775808.
func TestSizesOutOfRange(t *testing.T) {
	t.Parallel()
	var m Mailbox
	if err := json.Unmarshal([]byte(`{"email":"a@x.example","_diskused":-5242880,"_diskquota":"1e30"}`), &m); err != nil {
		t.Fatal(err)
	}
	if m.UsedBytes() != -5242880 {
		t.Errorf("used %v, want -5242880 as sent", m.UsedBytes())
	}
	if v, ok := m.Quota().Finite(); !ok || v != 1e30 {
		t.Errorf("quota %v, want 1e30 as sent", m.Quota())
	}
	for _, v := range []float64{-1, 1e30, math.MaxInt64, math.NaN()} {
		if _, ok := ByteSize(v); ok {
			t.Errorf("ByteSize(%v) ok", v)
		}
	}
	if n, ok := ByteSize(1 << 40); !ok || n != 1<<40 {
		t.Errorf("ByteSize(1 TiB) = %d, %v", n, ok)
	}
	var q QuotaInfo
	if err := json.Unmarshal([]byte(`{"inodes_used":1e30}`), &q); err == nil {
		t.Errorf("inodes_used 1e30 decoded as %d", q.InodesUsed)
	}
}
