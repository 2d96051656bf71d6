// Reads the blob: URL a page made (while it has not revoked it) and returns its bytes in
// base64, in slices small enough for String.fromCharCode.
async (url) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
