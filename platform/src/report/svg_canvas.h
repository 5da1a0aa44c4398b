// SVG drawing primitives: a canvas that collects shapes and text (escaped) and renders one deterministic document.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace modelsat::report {

struct Stroke {
  std::string colour = "#333333";
  double width = 1;
  std::string dash;  ///< SVG stroke-dasharray, empty for solid
};

enum class Anchor { start, middle, end };

struct TextStyle {
  double size = 12;
  Anchor anchor = Anchor::start;
  std::string colour = "#222222";
  bool bold = false;
  double rotate = 0;  ///< degrees around the text's anchor point
};

using Point = std::pair<double, double>;

/// Collects SVG elements in drawing order; document() renders them. Text and tooltips are XML-escaped, numbers are
/// printed with at most two decimals, so equal inputs give byte-identical output.
class SvgCanvas {
 public:
  SvgCanvas(double width, double height, std::string title);

  /// css_class marks the element for readers and tests (e.g. "bar"); tooltip becomes a <title> child.
  void rect(double x, double y, double width, double height, const std::string& fill, const std::string& css_class = "",
            const std::string& tooltip = "");
  void line(double x1, double y1, double x2, double y2, const Stroke& stroke);
  void polyline(const std::vector<Point>& points, const Stroke& stroke);
  void circle(double cx, double cy, double radius, const std::string& fill, const std::string& tooltip = "");
  void text(double x, double y, const std::string& content, const TextStyle& style = {});

  double width() const { return width_; }
  double height() const { return height_; }
  std::string document() const;

 private:
  double width_;
  double height_;
  std::string title_;
  std::string body_;
};

/// A coordinate for SVG attributes: two decimals, trailing zeros trimmed ("12.5", "3", "-0.25").
std::string svg_number(double value);
/// A rough width of text in a sans-serif font, for layout.
double text_width(const std::string& text, double font_size);

}  // namespace modelsat::report
