package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // photoTAN images are PNG in practice; GIF and JPEG cost nothing
	_ "image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"saldo/fints/challenge"
	"saldo/theme"
	"saldo/ui/halfblock"
)

// visual is the picture part of a challenge: a decoded photoTAN/QR image,
// or the reason it cannot be shown.
type visual struct {
	raw    *challenge.Image
	img    image.Image
	module int // module size in px, measured once (see halfblock.Module)
	err    string
}

func (v *visual) load(ci *challenge.Image) {
	v.raw = ci
	img, _, err := image.Decode(bytes.NewReader(ci.Data))
	if err != nil {
		v.err = "The challenge image cannot be decoded (" + err.Error() + "), so it can neither be shown nor saved: choose another TAN method (tab) or ask your bank."
		return
	}
	v.img = img
	v.module = halfblock.Module(img)
}

// view draws the image in at most w×room cells, or explains why not.
func (v *visual) view(th *theme.Theme, color bool, w, room int) string {
	if v.img == nil {
		return th.Fg(theme.Error).Render(wrap(v.err, w))
	}
	mode := halfblock.Color
	if !color {
		mode = halfblock.MonoDark
		if th.Dark {
			mode = halfblock.MonoLight
		}
	}
	rows := room - 1
	b := v.img.Bounds()
	scale := 0
	if rows >= 6 {
		scale = halfblock.Scale(b.Dx(), b.Dy(), w, rows, v.module)
	}
	iw, ih := halfblock.SizeAt(v.img, scale)
	if iw == 0 || ih == 0 {
		// Shrunk further, the code would blur and could not be scanned.
		return th.Fg(theme.Warning).Render(wrap("The window is too small to draw the image sharply enough to scan: enlarge it, or press ctrl+s to save the image as PNG and open it.", w))
	}
	pic := halfblock.RenderAt(v.img, scale, mode)
	pad := strings.Repeat(" ", max((w-iw)/2, 0))
	pic = pad + strings.ReplaceAll(pic, "\n", "\n"+pad)
	return pic + "\n" + th.Fg(theme.Muted).Render("scan the image with your photoTAN app")
}

// save writes the image as a PNG file in dir and returns its path. Existing
// files are never overwritten.
func (v *visual) save(c *Context, dir string) (path, errText string) {
	if v.img == nil {
		return "", "No image to save."
	}
	name := fmt.Sprintf("saldo-tan-%s.png", c.Now().Format("20060102-150405"))
	path = filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		path = filepath.Join(dir, fmt.Sprintf("saldo-tan-%s-%d.png", c.Now().Format("20060102-150405"), c.nextSeq()))
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	}
	if err != nil {
		return "", "Saving the image failed: " + err.Error()
	}
	if strings.EqualFold(v.raw.MIME, "image/png") && bytes.HasPrefix(v.raw.Data, []byte("\x89PNG")) {
		_, err = f.Write(v.raw.Data)
	} else {
		err = png.Encode(f, v.img)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return "", "Saving the image failed: " + err.Error()
	}
	// The person has to find the file in another program: a bare name
	// relative to wherever saldo was started is no help there.
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return path, ""
}
