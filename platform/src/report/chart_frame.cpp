// Chart scaffolding on an SvgCanvas: linear scales, nice ticks, axes with grid lines, legends and the colour palette.
#include "chart_frame.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "format.h"

namespace modelsat::report {
namespace {

constexpr double kLegendRow = 18;
constexpr double kLegendFont = 11;
const Stroke kAxisStroke{"#333333", 1, ""};
const Stroke kGridStroke{"#e5e5e5", 1, ""};

}  // namespace

double LinearScale::operator()(double value) const {
  if (domain_high == domain_low) return (range_low + range_high) / 2;
  return range_low + (value - domain_low) / (domain_high - domain_low) * (range_high - range_low);
}

Ticks nice_ticks(double low, double high, int target_count) {
  if (!(high > low)) {
    const double pad = low == 0 ? 1 : std::fabs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const double raw_step = (high - low) / std::max(1, target_count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw_step) break;
  }
  Ticks ticks;
  ticks.low = std::floor(low / step + 1e-9) * step;
  ticks.high = std::ceil(high / step - 1e-9) * step;
  const int count = static_cast<int>(std::lround((ticks.high - ticks.low) / step));
  for (int i = 0; i <= count; ++i) ticks.values.push_back(ticks.low + i * step);
  return ticks;
}

void draw_x_axis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& x, const std::vector<double>& ticks,
                 const TickLabel& label, const std::string& title) {
  for (double tick : ticks) {
    const double px = x(tick);
    canvas.line(px, area.top, px, area.bottom(), kGridStroke);
    canvas.line(px, area.bottom(), px, area.bottom() + 4, kAxisStroke);
    canvas.text(px, area.bottom() + 16, label(tick), {10, Anchor::middle});
  }
  canvas.line(area.left, area.bottom(), area.right(), area.bottom(), kAxisStroke);
  canvas.text(area.left + area.width / 2, area.bottom() + 34, title, {11, Anchor::middle});
}

void draw_y_axis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& y, const std::vector<double>& ticks,
                 const TickLabel& label, const std::string& title) {
  for (double tick : ticks) {
    const double py = y(tick);
    canvas.line(area.left, py, area.right(), py, kGridStroke);
    canvas.line(area.left - 4, py, area.left, py, kAxisStroke);
    canvas.text(area.left - 7, py + 3.5, label(tick), {10, Anchor::end});
  }
  canvas.line(area.left, area.top, area.left, area.bottom(), kAxisStroke);
  const double title_x = area.left - 42;
  const double title_y = area.top + area.height / 2;
  canvas.text(title_x, title_y, title, {11, Anchor::middle, "#222222", false, -90});
}

double legend_width(const std::vector<LegendEntry>& entries) {
  double widest = 0;
  for (const auto& entry : entries) widest = std::max(widest, text_width(entry.label, kLegendFont));
  return entries.empty() ? 0 : widest + 34;
}

double legend_height(const std::vector<LegendEntry>& entries) {
  return kLegendRow * static_cast<double>(entries.size());
}

void draw_legend(SvgCanvas& canvas, double x, double y, const std::vector<LegendEntry>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& entry = entries[i];
    const double middle = y + kLegendRow * static_cast<double>(i) + kLegendRow / 2;
    switch (entry.mark) {
      case LegendMark::swatch:
        canvas.rect(x, middle - 5, 14, 10, entry.colour);
        break;
      case LegendMark::line:
        canvas.line(x, middle, x + 18, middle, {entry.colour, 2, ""});
        break;
      case LegendMark::dashed_line:
        canvas.line(x, middle, x + 18, middle, {entry.colour, 1.5, "5 3"});
        break;
      case LegendMark::point:
        canvas.circle(x + 7, middle, 4, entry.colour);
        break;
    }
    canvas.text(x + 24, middle + 4, entry.label, {kLegendFont});
  }
}

const std::string& palette_colour(size_t index) {
  static const std::array<std::string, 10> palette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return palette[index % palette.size()];
}

std::string sequential_colour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const std::array<double, 3> light = {247, 251, 255};
  const std::array<double, 3> dark = {8, 48, 107};
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x",
                static_cast<int>(std::lround(light[0] + t * (dark[0] - light[0]))),
                static_cast<int>(std::lround(light[1] + t * (dark[1] - light[1]))),
                static_cast<int>(std::lround(light[2] + t * (dark[2] - light[2]))));
  return buffer;
}

SvgCanvas titled_canvas(double width, double height, const std::string& title) {
  constexpr double title_size = 13;
  SvgCanvas canvas(std::max(width, text_width(title, title_size) + 24), height, title);
  canvas.text(12, 20, title, {title_size, Anchor::start, "#222222", true});
  return canvas;
}

std::string plain_number(double value) {
  std::string text = fixed(value, 3);
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace modelsat::report
