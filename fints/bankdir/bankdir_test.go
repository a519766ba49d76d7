package bankdir

import (
	"strings"
	"testing"
)

func TestLookupManifestExpectations(t *testing.T) {
	tests := []struct {
		blz                  string
		name, city, bic, url string
		check, pinTanVersion string
	}{
		{"44761312", "Mendener Bank eG", "Menden (Sauerland)", "GENODEM1MEN",
			"https://fints1.atruvia.de/cgi-bin/hbciservlet", "34", "300"},
		{"12030000", "Deutsche Kreditbank Berlin", "Berlin", "BYLADEM1001", "https://fints.dkb.de/fints", "00", "300"},
		{"50010517", "ING-DiBa", "Frankfurt am Main", "INGDDEFFXXX", "https://fints.ing.de/fints/", "C1", "300"},
		{"440 100 46", "Postbank", "Dortmund", "PBNKDEFF440", "https://hbci.postbank.de/banking/hbci.do", "24", "300"},
	}
	for _, tt := range tests {
		b, ok := Lookup(tt.blz)
		if !ok {
			t.Fatalf("Lookup(%q): not found", tt.blz)
		}
		if b.Name != tt.name || b.City != tt.city || b.BIC != tt.bic || b.PinTanURL != tt.url ||
			b.CheckMethod != tt.check || b.PinTanVersion != tt.pinTanVersion {
			t.Errorf("Lookup(%q) = %+v", tt.blz, b)
		}
	}
	if _, ok := Lookup("99999999"); ok {
		t.Error("Lookup of an unknown BLZ succeeded")
	}
	if _, ok := Lookup("1234"); ok {
		t.Error("Lookup of a malformed BLZ succeeded")
	}
}

func TestDirectoryComplete(t *testing.T) {
	// The shipped file has 4063 lines, one BLZ each; losing lines to a
	// parsing bug would silently hide banks.
	if n := Len(); n != 4063 {
		t.Fatalf("Len() = %d, want 4063", n)
	}
	withURL := 0
	for _, b := range load().banks {
		if b.HasPinTan() {
			withURL++
			if !strings.HasPrefix(b.PinTanURL, "https://") {
				t.Errorf("%s: PIN/TAN URL %q is not https", b.BLZ, b.PinTanURL)
			}
		}
	}
	if withURL < 2000 {
		t.Errorf("only %d banks with a PIN/TAN URL", withURL)
	}
	// UTF-8 survives: the Cologne entries are spelled with ö.
	if b, _ := Lookup("37080089"); b.City != "Köln" {
		t.Errorf("37080089 city = %q, want Köln", b.City)
	}
}

func TestByBIC(t *testing.T) {
	got := ByBIC("genodem1men")
	if len(got) == 0 || got[0].BLZ != "44761312" {
		t.Fatalf("ByBIC(GENODEM1MEN) = %+v", got)
	}
	// An 8-character BIC finds the XXX form.
	ing := ByBIC("INGDDEFF")
	if len(ing) == 0 || ing[0].BLZ != "50010517" {
		t.Fatalf("ByBIC(INGDDEFF) = %+v", ing)
	}
	many := ByBIC("ESSEDE5FXXX")
	if len(many) < 100 {
		t.Fatalf("ByBIC(ESSEDE5FXXX) gave %d banks, want the ~122 sharing it", len(many))
	}
	for i := 1; i < len(many); i++ {
		if !many[i-1].HasPinTan() && many[i].HasPinTan() {
			t.Fatal("banks without PIN/TAN ranked before banks with it")
		}
	}
	if len(ByBIC("NOSUCHBIC")) != 0 {
		t.Fatal("unknown BIC matched")
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name, query string
		wantFirst   string // BLZ of the first result
		wantAll     func(Bank) bool
	}{
		{"exact BLZ", "44761312", "44761312", nil},
		{"BLZ typed with spaces", "447 613 12", "44761312", nil},
		{"exact BIC lower case", "genodem1men", "44761312", nil},
		{"BLZ prefix", "4476131", "44761312", func(b Bank) bool { return strings.HasPrefix(b.BLZ, "4476131") }},
		{"name and city", "mendener menden", "44761312", nil},
		{"umlaut spelled ae", "Koeln", "", func(b Bank) bool { return strings.Contains(b.Name+b.City, "Köln") }},
		{"umlaut dropped", "koln commerzbank", "", func(b Bank) bool {
			return strings.Contains(b.Name+b.City, "Köln") && strings.Contains(b.Name, "Commerzbank")
		}},
		{"umlaut typed", "KÖLN", "", func(b Bank) bool { return strings.Contains(b.Name+b.City, "Köln") }},
		{"DKB by name", "deutsche kreditbank", "12030000", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Search(tt.query, 0)
			if len(got) == 0 {
				t.Fatalf("Search(%q): no results", tt.query)
			}
			if tt.wantFirst != "" && got[0].BLZ != tt.wantFirst {
				t.Errorf("Search(%q)[0] = %s %s, want %s", tt.query, got[0].BLZ, got[0].Name, tt.wantFirst)
			}
			if tt.wantAll != nil {
				for _, b := range got {
					if !tt.wantAll(b) {
						t.Errorf("Search(%q) returned unrelated %s %s %s", tt.query, b.BLZ, b.Name, b.City)
					}
				}
			}
		})
	}
}

func TestSearchRanking(t *testing.T) {
	// What a person means first: the bank named so, in the city named.
	for _, tc := range []struct{ query, first string }{
		{"sparkasse münchen", "70150000"}, // Stadtsparkasse München, not a Sparkasse with a München office
		{"ing", "50010517"},               // ING-DiBa before banks in Ingolstadt
		{"deutsche bank münchen", "70070010"},
		{"commerzbank hamburg", "20040000"}, // the plain name before its departments
	} {
		if got := Search(tc.query, 1); len(got) != 1 || got[0].BLZ != tc.first {
			t.Errorf("Search(%q)[0] = %v, want BLZ %s", tc.query, got, tc.first)
		}
	}
	got := Search("ing", 0)
	if len(got) < 10 {
		t.Fatalf("Search(ing) = %d results", len(got))
	}
	// Name at a word start, then inside a name ("Sparkasse Göttingen"),
	// then the city at a word start ("… | Ingolstadt"), then anywhere; at
	// equal rank PIN/TAN banks first.
	terms := spaced([]string{"ing"})
	prev := -1
	for i, b := range got {
		score, ok := matchTerms(makeKey(b), terms, terms)
		if !ok {
			t.Fatalf("%s %q does not match", b.BLZ, b.Name)
		}
		if prev >= 0 && score > prev {
			t.Fatalf("%s %q (score %d) ranked after a weaker match (score %d) at %d", b.BLZ, b.Name, score, prev, i)
		}
		if prev == score && !got[i-1].HasPinTan() && b.HasPinTan() {
			t.Fatalf("PIN/TAN bank %s ranked after one without at equal rank", b.BLZ)
		}
		prev = score
	}
	if lim := Search("sparkasse", 5); len(lim) != 5 {
		t.Fatalf("limit 5 gave %d", len(lim))
	}
	for _, q := range []string{"", "   ", "---", "zzzzqqqq"} {
		if r := Search(q, 10); len(r) != 0 {
			t.Errorf("Search(%q) = %d results, want none", q, len(r))
		}
	}
}

func TestParseLineRejectsGarbage(t *testing.T) {
	for _, l := range []string{"", "# comment", "1234=x|y", "abcdefgh=Bank|City", "12345678=", "12345678"} {
		if b, ok := parseLine(l); ok {
			t.Errorf("parseLine(%q) accepted: %+v", l, b)
		}
	}
	b, ok := parseLine("12345678=Testbank|Musterstadt|testdeffxxx|09")
	if !ok || b.BIC != "TESTDEFFXXX" || b.PinTanURL != "" || b.CheckMethod != "09" {
		t.Fatalf("short line: %+v %v", b, ok)
	}
}

func BenchmarkSearch(b *testing.B) {
	load()
	queries := []string{"s", "sp", "spar", "sparkasse", "sparkasse köln", "deutsche bank", "4476", "GENODEM1MEN"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Search(queries[i%len(queries)], 20)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/keystroke")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		parse(rawData)
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range []string{"köln", "4476", "GENODEM1MEN", "ß", "  ", "a b c d"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := Search(q, 10)
		if len(got) > 10 {
			t.Fatalf("limit ignored: %d", len(got))
		}
		for _, b := range got {
			if _, ok := Lookup(b.BLZ); !ok {
				t.Fatalf("result %s not in directory", b.BLZ)
			}
		}
	})
}
