// SVG drawing primitives: a canvas that collects shapes and text (escaped) and renders one deterministic document.
#include "svg_canvas.h"

#include <algorithm>
#include <cmath>

#include "format.h"

namespace modelsat::report {
namespace {

std::string attribute(const std::string& name, const std::string& value) { return " " + name + "=\"" + value + "\""; }

std::string stroke_attributes(const Stroke& stroke) {
  std::string out = attribute("stroke", stroke.colour) + attribute("stroke-width", svg_number(stroke.width));
  if (!stroke.dash.empty()) out += attribute("stroke-dasharray", stroke.dash);
  return out;
}

std::string close_with_tooltip(const std::string& tooltip, const std::string& tag) {
  if (tooltip.empty()) return "/>\n";
  return "><title>" + xml_escape(tooltip) + "</title></" + tag + ">\n";
}

const char* anchor_name(Anchor anchor) {
  switch (anchor) {
    case Anchor::middle:
      return "middle";
    case Anchor::end:
      return "end";
    default:
      return "start";
  }
}

}  // namespace

std::string svg_number(double value) {
  std::string text = fixed(std::round(value * 100.0) / 100.0, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

double text_width(const std::string& text, double font_size) {
  size_t characters = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++characters;  // count UTF-8 code points, not bytes
  return 0.6 * font_size * static_cast<double>(characters);
}

SvgCanvas::SvgCanvas(double width, double height, std::string title)
    : width_(width), height_(height), title_(std::move(title)) {}

void SvgCanvas::rect(double x, double y, double width, double height, const std::string& fill,
                     const std::string& css_class, const std::string& tooltip) {
  body_ += "<rect";
  if (!css_class.empty()) body_ += attribute("class", css_class);
  body_ += attribute("x", svg_number(x)) + attribute("y", svg_number(y)) +
           attribute("width", svg_number(std::max(0.0, width))) +
           attribute("height", svg_number(std::max(0.0, height))) + attribute("fill", fill) +
           close_with_tooltip(tooltip, "rect");
}

void SvgCanvas::line(double x1, double y1, double x2, double y2, const Stroke& stroke) {
  body_ += "<line" + attribute("x1", svg_number(x1)) + attribute("y1", svg_number(y1)) +
           attribute("x2", svg_number(x2)) + attribute("y2", svg_number(y2)) + stroke_attributes(stroke) + "/>\n";
}

void SvgCanvas::polyline(const std::vector<Point>& points, const Stroke& stroke) {
  if (points.empty()) return;
  std::string coordinates;
  for (const auto& [x, y] : points)
    coordinates += (coordinates.empty() ? "" : " ") + svg_number(x) + "," + svg_number(y);
  body_ +=
      "<polyline" + attribute("points", coordinates) + attribute("fill", "none") + stroke_attributes(stroke) + "/>\n";
}

void SvgCanvas::circle(double cx, double cy, double radius, const std::string& fill, const std::string& tooltip) {
  body_ += "<circle" + attribute("cx", svg_number(cx)) + attribute("cy", svg_number(cy)) +
           attribute("r", svg_number(radius)) + attribute("fill", fill) + close_with_tooltip(tooltip, "circle");
}

void SvgCanvas::text(double x, double y, const std::string& content, const TextStyle& style) {
  body_ += "<text" + attribute("x", svg_number(x)) + attribute("y", svg_number(y)) +
           attribute("font-size", svg_number(style.size)) + attribute("text-anchor", anchor_name(style.anchor)) +
           attribute("fill", style.colour);
  if (style.bold) body_ += attribute("font-weight", "bold");
  if (style.rotate != 0)
    body_ +=
        attribute("transform", "rotate(" + svg_number(style.rotate) + " " + svg_number(x) + " " + svg_number(y) + ")");
  body_ += ">" + xml_escape(content) + "</text>\n";
}

std::string SvgCanvas::document() const {
  const std::string w = svg_number(width_);
  const std::string h = svg_number(height_);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\"" + attribute("width", w) + attribute("height", h) +
         attribute("viewBox", "0 0 " + w + " " + h) + attribute("font-family", "Helvetica, Arial, sans-serif") +
         " role=\"img\">\n<title>" + xml_escape(title_) + "</title>\n" + "<rect x=\"0\" y=\"0\" width=\"" + w +
         "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n" + body_ + "</svg>\n";
}

}  // namespace modelsat::report
