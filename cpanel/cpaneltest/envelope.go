package cpaneltest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// result is a function's outcome, before it is put in UAPI's or API 2's
// envelope.
type result struct {
	data     any
	err      string
	metadata map[string]any
	paginate map[string]any // API 2 only
}

func ok(data any) result { return result{data: data} }

func fail(format string, args ...any) result { return result{err: fmt.Sprintf(format, args...)} }

// listed marks a list answer as post-processed, as cPanel does for
// functions that accept sort and filter arguments.
func listed(data any) result {
	return result{data: data, metadata: map[string]any{"transformed": 1}}
}

// uapiBody encodes r in UAPI's flat envelope.
func uapiBody(r result) []byte {
	env := struct {
		Data     any            `json:"data"`
		Errors   []string       `json:"errors"`
		Messages []string       `json:"messages"`
		Metadata map[string]any `json:"metadata"`
		Status   int            `json:"status"`
		Warnings []string       `json:"warnings"`
	}{Data: r.data, Metadata: r.metadata, Status: 1}
	if env.Metadata == nil {
		env.Metadata = map[string]any{}
	}
	if r.err != "" {
		env.Status, env.Errors, env.Data = 0, []string{r.err}, nil
	}
	return mustJSON(env)
}

// api2Body encodes r in API 2's cpanelresult envelope.
func api2Body(module, function string, r result) []byte {
	cr := map[string]any{
		"apiversion": 2,
		"module":     module,
		"func":       function,
		"data":       r.data,
		"event":      map[string]any{"result": 1},
	}
	if r.metadata != nil {
		cr["metadata"] = r.metadata
	}
	if r.paginate != nil {
		cr["paginate"] = r.paginate
	}
	if r.err != "" {
		cr["error"] = r.err
		cr["event"] = map[string]any{"result": 0, "reason": r.err}
		cr["data"] = []any{}
	}
	return mustJSON(map[string]any{"cpanelresult": cr})
}

func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("cpaneltest: encoding an answer: %v", err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
