//go:build !race

package cpanel_test

const raceEnabled = false
