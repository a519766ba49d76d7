module saldo

go 1.26.8
