# The results report writer's sources (metrics.json -> report.md, report.html, plots/*.svg), compiled into libmodelsat.
set(MODELSAT_REPORT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/chart_frame.cpp
  ${CMAKE_CURRENT_LIST_DIR}/charts_accuracy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/charts_cost.cpp
  ${CMAKE_CURRENT_LIST_DIR}/charts_share_timeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document.cpp
  ${CMAKE_CURRENT_LIST_DIR}/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_field.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render_html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render_markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/svg_canvas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tables.cpp)
