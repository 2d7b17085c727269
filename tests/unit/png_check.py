"""Whether a screenshot is a page and not a blank: python3 png_check.py FILE.png WIDTH HEIGHT

Decodes the PNG with the standard library only (zlib; 8-bit greyscale, RGB or RGBA, not
interlaced, as chromium writes them), checks its size, and that it is not one colour: the
luminance must vary (standard deviation above 10 of 255) and at least 2 % of the pixels must
be darker than the page's white. Prints one line of figures; exits 1 when a check fails."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (0, 2, 6) or interlace:
                raise ValueError("unsupported PNG (depth %d, colour %d)" % (depth, colour))
            bpp = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat.append(body)
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, bpp, rows = decode(path)
    n = s = s2 = dark = 0
    for line in rows[::4]:  # every fourth row and column is plenty for a verdict
        for x in range(0, width * bpp, 4 * bpp):
            lum = line[x] if bpp == 1 else (299 * line[x] + 587 * line[x + 1] + 114 * line[x + 2]) // 1000
            n, s, s2, dark = n + 1, s + lum, s2 + lum * lum, dark + (lum < 200)
    mean = s / n
    sd = max(s2 / n - mean * mean, 0) ** 0.5
    print("%s: %dx%d, luminance mean %.1f sd %.1f, %.1f %% dark" % (path, width, height, mean, sd, 100.0 * dark / n))
    ok = (width, height) == (want_w, want_h) and sd > 10 and dark / n > 0.02
    if not ok:
        print("%s: blank or of the wrong size (want %dx%d)" % (path, want_w, want_h))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
