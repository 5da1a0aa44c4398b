// Chart scaffolding on an SvgCanvas: linear scales, nice ticks, axes with grid lines, legends and the colour palette.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "svg_canvas.h"

namespace modelsat::report {

/// Maps a data interval onto a pixel interval (either may be reversed).
struct LinearScale {
  double domain_low, domain_high, range_low, range_high;
  double operator()(double value) const;
};

/// Round tick values covering [low, high]; low/high are widened to the outermost ticks.
struct Ticks {
  double low = 0;
  double high = 1;
  std::vector<double> values;
};
Ticks nice_ticks(double low, double high, int target_count);

/// A rectangle on the canvas where the data is drawn.
struct PlotArea {
  double left, top, width, height;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

using TickLabel = std::function<std::string(double)>;

/// Tick marks, labels and light vertical grid lines below the area, and the axis title under them.
void draw_x_axis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& x, const std::vector<double>& ticks,
                 const TickLabel& label, const std::string& title);
/// Tick marks, labels and light horizontal grid lines left of the area, and the axis title rotated beside them.
void draw_y_axis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& y, const std::vector<double>& ticks,
                 const TickLabel& label, const std::string& title);

enum class LegendMark { swatch, line, dashed_line, point };

struct LegendEntry {
  std::string label;
  std::string colour;
  LegendMark mark = LegendMark::swatch;
};

/// The size a legend needs; draw_legend draws it with its top-left corner at (x, y).
double legend_width(const std::vector<LegendEntry>& entries);
double legend_height(const std::vector<LegendEntry>& entries);
void draw_legend(SvgCanvas& canvas, double x, double y, const std::vector<LegendEntry>& entries);

/// A categorical colour (cycles after ten).
const std::string& palette_colour(size_t index);
/// A colour on a light-to-dark blue scale, t in [0, 1].
std::string sequential_colour(double t);

/// A canvas of at least width x height, widened to fit the title, which is drawn bold at the top left.
SvgCanvas titled_canvas(double width, double height, const std::string& title);

/// A tick label with at most three decimals and no trailing zeros: 0.5 -> "0.5", 2 -> "2".
std::string plain_number(double value);

}  // namespace modelsat::report
