# The text layer's sources (BPE and WordPiece tokenizers, the naive-Bayes source classifier), compiled into libmodelsat. The encode path
# (pretokenize.cpp, bpe_tokenizer.cpp, wordpiece encode) uses the standard library only, for the wasm runtime.
set(MODELSAT_TEXT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bpe_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bpe_tokenizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bpe_train.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pretokenize.cpp
  ${CMAKE_CURRENT_LIST_DIR}/source_classifier.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tokenizer_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wordpiece_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wordpiece_tokenizer.cpp)
