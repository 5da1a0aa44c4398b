// The JSON schema of experiment manifests.
#include "modelsat/experiment/manifest.h"

namespace modelsat::experiment {

const char* manifest_schema_json() {
  return R"schema({
  "type": "object",
  "properties": {
    "schema_version": {"type": "integer", "enum": [1], "description": "manifest format version"},
    "name": {"type": "string", "minLength": 1, "description": "experiment name; names the default output folder"},
    "description": {"type": "string", "default": ""},
    "dataset": {"type": "string", "minLength": 1, "description": "dataset directory, relative to this file"},
    "split": {"type": "string", "minLength": 1, "description": "question split file (train/val/test ids)"},
    "aptitude": {"type": "string", "default": "", "description": "aptitude test file; empty = none"},
    "zoo": {"type": "string", "default": "all", "description": "a zoo of <dataset>/zoos.json, or all"},
    "models": {"type": "array", "items": {"type": "string", "minLength": 1}, "default": [],
               "description": "an explicit zoo instead of `zoo`"},
    "unseen_models": {"type": "array", "items": {"type": "string", "minLength": 1}, "default": [],
                      "description": "zoo models kept out of router training; they join by aptitude test only"},
    "query_text": {"type": "string", "enum": ["question", "question_and_choices"], "default": "question",
                   "description": "what the encoder and the routers read of each question: the question alone, or the question followed by its lettered choices (one \"A. ...\" line each), as the candidates were prompted"},
    "encoder": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "minLength": 1},
      "config": {"type": "object", "additionalProperties": true, "default": {}}}},
    "routers": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["id", "name"], "properties": {
      "id": {"type": "string", "minLength": 1},
      "name": {"type": "string", "minLength": 1},
      "config": {"type": "object", "additionalProperties": true, "default": {}},
      "backbone": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "minLength": 1},
        "config": {"type": "object", "additionalProperties": true, "default": {}}}}}}},
    "policies": {"type": "object", "properties": {
      "lambdas": {"type": "array", "items": {"type": "number", "minimum": 0},
                  "default": [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]},
      "threshold": {"type": "object", "required": ["strong", "weak"], "properties": {
        "strong": {"type": "string"}, "weak": {"type": "string"},
        "strong_shares": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1},
                          "default": [0.2, 0.5, 0.8]}}},
      "timeline": {"type": "object", "required": ["top_k"], "properties": {
        "top_k": {"type": "integer", "minimum": 1,
                  "description": "models kept from those released before each newcomer (best training accuracy)"}}}}},
    "metrics": {"type": "object", "properties": {
      "bootstrap_resamples": {"type": "integer", "minimum": 10, "default": 1000},
      "confidence": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1, "default": 0.95}}},
    "seeds": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}, "default": [1]},
    "device": {"type": "string", "default": "cpu", "description": "cpu, cuda or cuda:N"},
    "threads": {"type": "integer", "minimum": 1, "default": 2},
    "output": {"type": "string", "default": "", "description": "results folder; empty = results/<name> beside this file"}
  },
  "required": ["schema_version", "name", "dataset", "split", "routers"]
})schema";
}

}  // namespace modelsat::experiment
