import { encode } from 'uqr'

/**
 * A QR code as a small inline SVG: uqr encodes (medium error correction, for slips that get
 * folded), and each row's dark runs become one path segment — a few KB instead of one
 * rectangle per module, which matters on a page of hundreds of slips.
 */
export function qrSvg(text: string): string {
  const { data, size } = encode(text, { ecc: 'M', border: 2 })
  let path = ''
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue
      let end = x
      while (end + 1 < size && row[end + 1]) end++
      path += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`
      x = end
    }
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}
