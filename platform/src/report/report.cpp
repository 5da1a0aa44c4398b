// write_reports: reads the metrics, builds the document and plots, and writes report.md, report.html and plots/*.svg.
#include "modelsat/report/report.h"

#include "document.h"
#include "modelsat/atomic_file.h"
#include "modelsat/json_util.h"

namespace modelsat::report {

WrittenReports write_reports(const nlohmann::json& metrics, const std::string& metrics_path,
                             const std::string& out_dir) {
  const Document document = build_document(read_report_data(metrics, metrics_path));
  WrittenReports written{out_dir + "/report.md", out_dir + "/report.html", {}};
  for (const auto& section : document.sections) {
    if (!section.plot) continue;
    written.plots.push_back(out_dir + "/plots/" + section.plot->name + ".svg");
    write_file_atomic(written.plots.back(), section.plot->svg);
  }
  write_file_atomic(written.markdown, render_markdown(document));
  write_file_atomic(written.html, render_html(document));
  return written;
}

WrittenReports write_reports_for_results(const std::string& results_dir) {
  const std::string metrics_path = results_dir + "/metrics.json";
  return write_reports(read_json_file(metrics_path), metrics_path, results_dir);
}

}  // namespace modelsat::report
