//go:build race

package cpanel_test

const raceEnabled = true
