function (type, init) {
	const win = this.ownerDocument.defaultView;
	const o = {bubbles: true, cancelable: true, composed: true, ...init};
	let make = "detail" in o ? win.CustomEvent : win.Event;
	if (/^(auxclick|click|contextmenu|dblclick|mousedown|mouseenter|mouseleave|mousemove|mouseout|mouseover|mouseup)$/.test(type)) make = win.MouseEvent;
	else if (/^(keydown|keypress|keyup)$/.test(type)) make = win.KeyboardEvent;
	else if (/^(pointerover|pointerout|pointerenter|pointerleave|pointerdown|pointerup|pointermove|pointercancel|gotpointercapture|lostpointercapture)$/.test(type)) make = win.PointerEvent;
	else if (/^(focus|blur|focusin|focusout)$/.test(type)) make = win.FocusEvent;
	else if (/^(beforeinput|input)$/.test(type)) make = win.InputEvent;
	else if (type === "wheel") make = win.WheelEvent;
	else if (/^(drag|dragstart|dragend|dragover|dragenter|dragleave|dragexit|drop)$/.test(type)) {
		make = win.DragEvent;
		if (!(o.dataTransfer instanceof win.DataTransfer)) {
			const dt = new win.DataTransfer();
			for (const [format, data] of Object.entries(o.dataTransfer || {})) dt.setData(format, data);
			o.dataTransfer = dt;
		}
	} else if (/^touch(start|move|end|cancel)$/.test(type)) {
		make = win.TouchEvent;
		for (const k of ["touches", "targetTouches", "changedTouches"])
			if (o[k]) o[k] = o[k].map((t) => new win.Touch({identifier: 0, ...t, target: this}));
	}
	this.dispatchEvent(new make(type, o));
}
