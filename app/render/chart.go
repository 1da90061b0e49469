package render

import (
	"strconv"
	"strings"
)

// Geometry of a bar chart, in SVG user units: a column of labels, then the bars, then each bar's
// value.
const (
	chartWidth      = 640
	chartLabelWidth = 230
	chartBarSpace   = 340
	chartRowHeight  = 26
	chartBarHeight  = 18
	chartPadding    = 6
	chartLabelRunes = 34
)

// BarChart is a horizontal bar chart that partials/bar_chart draws as SVG, with the same numbers
// as a table. Its geometry is computed here: the template only places what it is given.
type BarChart struct {
	// ID prefixes the ids of the chart's title and description, for aria-labelledby.
	ID string
	// Title names the chart (SVG title and table caption); Desc describes it in words and numbers.
	Title, Desc string
	// LabelHeader and ValueHeader head the table's columns.
	LabelHeader, ValueHeader string
	Width, Height            int
	Bars                     []Bar
}

// Bar is one row of a bar chart.
type Bar struct {
	// Label is the row's full label; Short is the label drawn beside the bar, cut to fit.
	Label, Short string
	// Href links the label in the table, when set.
	Href  string
	Value int64
	// Y is the top of the bar, TextY the baseline of its texts, Length the bar's length and
	// ValueX where its value is written.
	Y, TextY, Length, ValueX int
}

// Item is one labelled value given to NewBarChart.
type Item struct {
	Label, Href string
	Value       int64
}

// NewBarChart lays out items as bars whose lengths are proportional to their values (the
// largest fills the chart's width). Desc is completed with every label and its value, so that
// the description alone carries the numbers.
func NewBarChart(id, title, desc, labelHeader, valueHeader string, items []Item) BarChart {
	c := BarChart{ID: id, Title: title, LabelHeader: labelHeader, ValueHeader: valueHeader, Width: chartWidth,
		Height: 2*chartPadding + len(items)*chartRowHeight, Bars: make([]Bar, len(items))}
	var top int64
	for _, it := range items {
		top = max(top, it.Value)
	}
	parts := make([]string, len(items))
	for i, it := range items {
		y := chartPadding + i*chartRowHeight + (chartRowHeight-chartBarHeight)/2
		length := 0
		if it.Value > 0 {
			// A bar of a non-zero value stays visible, however small.
			length = max(1, int(it.Value*chartBarSpace/top))
		}
		c.Bars[i] = Bar{Label: it.Label, Short: shorten(it.Label, chartLabelRunes), Href: it.Href, Value: it.Value,
			Y: y, TextY: y + chartBarHeight - 5, Length: length, ValueX: chartLabelWidth + length + 6}
		parts[i] = it.Label + ": " + strconv.FormatInt(it.Value, 10)
	}
	c.Desc = desc
	if len(parts) > 0 {
		c.Desc += " " + strings.Join(parts, "; ") + "."
	}
	return c
}

// LabelX is where the labels end (they are right-aligned), BarX where the bars start.
func (BarChart) LabelX() int { return chartLabelWidth - 8 }

// BarX is where the bars start.
func (BarChart) BarX() int { return chartLabelWidth }

// BarHeight is the thickness of a bar.
func (BarChart) BarHeight() int { return chartBarHeight }

// TitleID and DescID are the ids of the chart's title and description.
func (c BarChart) TitleID() string { return c.ID + "-title" }

// DescID is the id of the chart's description.
func (c BarChart) DescID() string { return c.ID + "-desc" }

// shorten cuts s to n runes, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
