package challenge

import "testing"

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Bitte TAN eingeben", "Bitte TAN eingeben"},
		{"plain keeps newlines", "Zeile 1\nZeile 2\n\n\n\nZeile 3", "Zeile 1\nZeile 2\n\nZeile 3"},
		{"br", "Auftrag:<br>Überweisung<br/>an Müller<BR />Ende", "Auftrag:\nÜberweisung\nan Müller\nEnde"},
		{"double br is a blank line", "a<br><br><br><br>b", "a\n\nb"},
		{"paragraphs", "<p>Erster Absatz</p><p>Zweiter   Absatz</p>", "Erster Absatz\n\nZweiter Absatz"},
		{"inline tags dropped", "Betrag: <b>25,00 EUR</b> an <i>Erika</i> <u>Mustermann</u>", "Betrag: 25,00 EUR an Erika Mustermann"},
		{"html mode: source newlines are spaces", "<b>Betrag</b>\n25,00", "Betrag 25,00"},
		{"unordered list", "Bitte prüfen:<ul><li>IBAN</li><li>Betrag</li></ul>Danke", "Bitte prüfen:\n• IBAN\n• Betrag\nDanke"},
		{"ordered list", "<ol><li> Karte einstecken <li>Taste TAN drücken</ol>", "1. Karte einstecken\n2. Taste TAN drücken"},
		{"nested lists", "<ul><li>A<ol><li>eins</li><li>zwei</li></ol></li><li>B</li></ul>", "• A\n  1. eins\n  2. zwei\n• B"},
		{"li outside list", "<li>x</li>", "• x"},
		{"stray closing list", "a</ul>b", "a\nb"},
		{"entities", "Gr&uuml;&szlig;e &amp; &lt;b&gt; &#228;&#x00FC; &quot;OK&quot;&nbsp;!", "Grüße & <b> äü \"OK\" !"},
		{"attributes", `<p class="x">Text</p><span style="color:red">rot</span>`, "Text\n\nrot"},
		{"unknown tags dropped", "<foo>Inhalt</foo><script>x</script>", "Inhaltx"},
		{"not tags", "a < b > c, 3<4, <<>>, <-", "a < b > c, 3<4, <<>>, <-"},
		{"unclosed tag", "Text <b ohne Ende", "Text <b ohne Ende"},
		{"tag name then junk", "<a-b>x", "<a-b>x"},
		{"empty", "", ""},
		{"only markup", "<br><p></p><ul></ul>", ""},
		{"spaces around breaks", "  a  <br>  b  ", "a\nb"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("%s: PlainText(%q)\n got  %q\n want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
