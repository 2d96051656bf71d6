// Sets the files of a file input (this) to files, [{name, mimeType, lastModified, b64}], as a
// user choosing them would: input.files changes, then "input" and "change" fire. An empty
// list clears the input. Several files need the input's "multiple". With files null, it only
// checks that the input would take n files.
function (files, n) {
  if (this.nodeName !== "INPUT" || this.type !== "file")
    throw new Error("not a file input: <" + this.nodeName.toLowerCase() + (this.type ? ' type="' + this.type + '"' : "") + ">");
  if (n > 1 && !this.multiple)
    throw new Error("the input takes one file (it has no \"multiple\"), not " + n);
  if (files === null) return;
  const dt = new DataTransfer();
  for (const f of files) {
    const bin = atob(f.b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    dt.items.add(new File([bytes], f.name, { type: f.mimeType, lastModified: f.lastModified }));
  }
  this.files = dt.files;
  this.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
  this.dispatchEvent(new Event("change", { bubbles: true }));
}
