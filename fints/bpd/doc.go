// Package bpd reads and writes the bank parameter data (BPD) and user
// parameter data (UPD) that a bank sends in a dialog initialisation answer.
//
// Parse and ParseUPD take the flat segment list of an answer
// (wire.Response.Segments) and return typed values: the bank's general
// parameters (HIBPA), its communication addresses (HIKOM), security
// methods (HISHV), PIN/TAN rules (HIPINS), two-step TAN methods from every
// HITANS version, and every job parameter segment (HIxxxS) with typed
// accessors for the ones the engine uses. Parsing is lenient: a part that
// cannot be read is listed in Problems and the rest stays usable.
//
// Both types round-trip through bytes for the client's state blob
// (MarshalBinary/UnmarshalBinary): the segments are kept and re-parsed on
// restore, behind a versioned header.
//
// # Building BPD and UPD (demo bank)
//
// The emitters produce segments with number 0; the envelope builder numbers
// them. A bank answer's BPD is typically
//
//	info.Segment()                                  // HIBPA v3
//	comm.Segment()                                  // HIKOM v4
//	sec.Segment()                                   // HISHV v3
//	bpd.NewParamSegment("HIPINS", 1, 1, 1, 0, pins.DE())
//	tan.Segment()                                   // HITANS, all 26 positions per v7 method
//	bpd.NewParamSegment("HISALS", 7, 1, 1, 1, nil)
//	bpd.NewParamSegment("HIKAZS", 5, 1, 1, -1, wire.S("365", "J", "N")) // v5: no security class
//
// and the UPD is upd.Segments() (HIUPA v4, one HIUPD v6 per account). Set
// each segment's Ref to the number of the customer's HKVVB.
package bpd
