//go:build !linux && !darwin

package middleware

import "net"

// watchDisconnect does nothing here: requests end at their deadline even if the client left.
func watchDisconnect(net.Conn, func()) func() { return func() {} }
