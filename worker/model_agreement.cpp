#include "worker/model_agreement.h"

#include <xxhash.h>

#include <cstdio>
#include <vector>

#include "common/error.h"

namespace dpt {
namespace {

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::uint64_t model_hash(std::string_view model_bytes) {
  return XXH3_64bits(model_bytes.data(), model_bytes.size());
}

void check_models_agree(Communicator& comm, const std::string& model_bytes, const Log& log) {
  // Gathering every hash (8 bytes a rank) rather than only min/max lets the error name the ranks.
  std::vector<std::uint64_t> mine = {model_hash(model_bytes)};
  std::vector<std::uint64_t> all(static_cast<std::size_t>(comm.world_size()));
  comm.allgather(Buffer::of(mine), Buffer::of(all));

  std::string differing;
  for (std::size_t r = 1; r < all.size(); ++r) {
    if (all[r] == all[0]) continue;
    differing += (differing.empty() ? "" : ", ") + std::to_string(r) + " (" + hex(all[r]) + ")";
  }
  if (!differing.empty()) {
    throw UserError("the ranks ended with different models: rank 0 has model hash " + hex(all[0]) +
                    ", rank(s) " + differing +
                    " differ; the training is not deterministic across ranks and no model is "
                    "written");
  }
  log.info("model hash " + hex(all[0]) + " agreed by all " + std::to_string(all.size()) +
           " ranks");
}

}  // namespace dpt
