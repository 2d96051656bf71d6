package shop

// seedProducts returns the catalog a fresh database starts with.
func seedProducts() []product {
	return []product{
		{1, "Blue Mug", 1250, "A sturdy ceramic mug in deep blue. Holds 350 ml of coffee or tea."},
		{2, "Notebook A5", 899, "Dotted A5 notebook with 192 numbered pages and a lay-flat binding."},
		{3, "Fountain Pen", 4500, "Steel-nib fountain pen with a converter and two ink cartridges."},
		{4, "Desk Lamp", 3999, "Adjustable LED desk lamp with three colour temperatures."},
		{5, "Wool Socks", 1500, "Warm merino wool socks, one pair, fits sizes 39 to 42."},
		{6, "Tea Sampler", 2200, "Twelve loose-leaf teas from green to smoky black, 20 g each."},
		{7, "Canvas Tote", 1800, "Heavy canvas tote bag with an inner pocket and long handles."},
		{8, "Water Bottle", 2499, "Insulated steel bottle that keeps drinks cold for 24 hours."},
		{9, "Headphones", 8900, "Over-ear wired headphones with a detachable cable."},
		{10, "Plant Pot", 1099, "Terracotta pot, 14 cm across, with a drainage saucer."},
		{11, "Puzzle 1000", 1999, "A 1000-piece jigsaw puzzle of a mountain lake at dawn."},
		{12, "Chess Set", 5500, "Wooden chess set with a folding board and weighted pieces."},
		{13, "Umbrella", 2750, "Compact automatic umbrella that survives strong wind."},
		{14, "Cookbook", 3200, "One hundred weeknight recipes that take under 30 minutes."},
	}
}
