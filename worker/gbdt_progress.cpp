#include "worker/gbdt_progress.h"

#include <cstdio>
#include <stdexcept>

namespace dpt {
namespace {

constexpr const char* kBestRoundKey = "dptrain_best_round";
constexpr const char* kBestScoreKey = "dptrain_best_score";

std::string exact_text(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace

std::string metric_line(std::int64_t round, const std::vector<gbdt::EvalResult>& results) {
  std::string line = "[" + std::to_string(round) + "]";
  char value[64];
  for (const auto& r : results) {
    std::snprintf(value, sizeof value, "%.5f", r.value);
    line += "\t" + r.name + ":" + value;
  }
  return line;
}

bool EarlyStopping::update(std::int64_t round, const std::vector<gbdt::EvalResult>& results) {
  if (!enabled()) return false;
  double score = 0;
  bool found = false;
  for (const auto& r : results) {
    if (r.name == watched_) {
      score = r.value;
      found = true;
    }
  }
  if (!found) throw std::logic_error("early stopping watches " + watched_ + ", which was not evaluated");
  const bool improved = best_round_ < 0 || (maximize_ ? score > best_score_ : score < best_score_);
  if (improved) {
    best_round_ = round;
    best_score_ = score;
  }
  return round - best_round_ >= patience_;
}

void EarlyStopping::write_attributes(std::map<std::string, std::string>& attributes,
                                     int trees_per_round) const {
  if (!enabled() || best_round_ < 0) return;
  attributes["best_iteration"] = std::to_string(best_round_);
  attributes["best_score"] = exact_text(best_score_);
  attributes["best_ntree_limit"] = std::to_string((best_round_ + 1) * trees_per_round);
}

void EarlyStopping::save_state(std::map<std::string, std::string>& attributes) const {
  attributes[kBestRoundKey] = std::to_string(best_round_);
  attributes[kBestScoreKey] = exact_text(best_score_);
}

void EarlyStopping::restore_state(const std::map<std::string, std::string>& attributes) {
  auto round = attributes.find(kBestRoundKey);
  auto score = attributes.find(kBestScoreKey);
  if (round == attributes.end() || score == attributes.end()) return;
  best_round_ = std::stoll(round->second);
  best_score_ = std::stod(score->second);
}

void strip_checkpoint_state(std::map<std::string, std::string>& attributes) {
  for (const char* key : {kFingerprintKey, kRoundKey, kBestRoundKey, kBestScoreKey}) attributes.erase(key);
  for (const char* key : {"best_iteration", "best_score", "best_ntree_limit"}) attributes.erase(key);
}

}  // namespace dpt
