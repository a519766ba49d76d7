package mt940

import (
	"io"
	"reflect"

	"saldo/fints/statement"
)

var errEOF = io.EOF

func equalStatements(a, b []statement.Statement) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}
