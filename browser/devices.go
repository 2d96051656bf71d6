package browser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-rod/rod/lib/devices"
)

// deviceList is rod's device list (lib/devices), by the names DevTools gives them.
// TestDeviceListIsRodsWhole checks that none is missing.
var deviceList = []struct {
	name   string
	device devices.Device
}{
	{"iPhone 4", devices.IPhone4},
	{"iPhone 5/SE", devices.IPhone5orSE},
	{"iPhone 6/7/8", devices.IPhone6or7or8},
	{"iPhone 6/7/8 Plus", devices.IPhone6or7or8Plus},
	{"iPhone X", devices.IPhoneX},
	{"BlackBerry Z30", devices.BlackBerryZ30},
	{"Nexus 4", devices.Nexus4},
	{"Nexus 5", devices.Nexus5},
	{"Nexus 5X", devices.Nexus5X},
	{"Nexus 6", devices.Nexus6},
	{"Nexus 6P", devices.Nexus6P},
	{"Pixel 2", devices.Pixel2},
	{"Pixel 2 XL", devices.Pixel2XL},
	{"LG Optimus L70", devices.LGOptimusL70},
	{"Nokia N9", devices.NokiaN9},
	{"Nokia Lumia 520", devices.NokiaLumia520},
	{"Microsoft Lumia 550", devices.MicrosoftLumia550},
	{"Microsoft Lumia 950", devices.MicrosoftLumia950},
	{"Galaxy S III", devices.GalaxySIII},
	{"Galaxy S5", devices.GalaxyS5},
	{"JioPhone 2", devices.JioPhone2},
	{"Kindle Fire HDX", devices.KindleFireHDX},
	{"iPad Mini", devices.IPadMini},
	{"iPad", devices.IPad},
	{"iPad Pro", devices.IPadPro},
	{"Blackberry PlayBook", devices.BlackberryPlayBook},
	{"Nexus 10", devices.Nexus10},
	{"Nexus 7", devices.Nexus7},
	{"Galaxy Note 3", devices.GalaxyNote3},
	{"Galaxy Note II", devices.GalaxyNoteII},
	{"Laptop with touch", devices.LaptopWithTouch},
	{"Laptop with HiDPI screen", devices.LaptopWithHiDPIScreen},
	{"Laptop with MDPI screen", devices.LaptopWithMDPIScreen},
	{"Moto G4", devices.MotoG4},
	{"Surface Duo", devices.SurfaceDuo},
	{"Galaxy Fold", devices.GalaxyFold},
}

// Device returns the device of rod's list called name, as DevTools names it ("Pixel 2",
// "iPhone X"; any case), turned sideways when the name ends in " landscape".
func Device(name string) (devices.Device, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	base, landscape := strings.CutSuffix(want, " landscape")
	for _, d := range deviceList {
		if strings.ToLower(d.name) == base {
			if landscape {
				return d.device.Landscape(), nil
			}
			return d.device, nil
		}
	}
	return devices.Device{}, fmt.Errorf("no device %q in rod's device list", name)
}

// DeviceNames returns the names of rod's devices, sorted.
func DeviceNames() []string {
	out := make([]string, len(deviceList))
	for i, d := range deviceList {
		out[i] = d.name
	}
	sort.Strings(out)
	return out
}
