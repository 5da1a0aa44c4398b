# The data layer's sources (datasets, importers, aptitude tests, splits, zoos, synthetic data), compiled into libmodelsat.
find_package(ZLIB REQUIRED)
set(MODELSAT_DATA_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/answer_checker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aptitude.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aptitude_predictiveness.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aptitude_compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aptitude_irt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aptitude_irt_adaptive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_folds.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compression.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dataset_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/math_answer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mmlu_pro_import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/python_literal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/python_literal_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reply_answer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/splits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/synthetic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/table_import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zeroeval_import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zeroeval_reference_rule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zeroeval_topics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zoos.cpp)
set(MODELSAT_DATA_LIBRARIES ZLIB::ZLIB)
