function serialise(doc) {
	return (doc.doctype ? new XMLSerializer().serializeToString(doc.doctype) + "\n" : "") + doc.documentElement.outerHTML;
}
