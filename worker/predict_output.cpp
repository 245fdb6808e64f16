#include "worker/predict_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iostream>
#include <numeric>
#include <vector>

#include "common/error.h"
#include "worker/outcome.h"

namespace dpt {
namespace {

// Shortest text that reads back to the same float; JSON has no NaN, so non-finite values are
// null there (and nan/inf in csv).
void append_number(std::string& out, float v, bool json) {
  if (!std::isfinite(v)) {
    out += json ? "null" : (std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_list(std::string& out, std::span<const float> values, bool json) {
  if (json) out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_number(out, values[i], json);
  }
  if (json) out += ']';
}

std::size_t argmax(std::span<const float> values) {
  return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

void append_json_tree_row(std::string& out, const std::string& objective, std::span<const float> row,
                          bool output_margin) {
  auto key = [&out](const char* name) {
    out += '"';
    out += name;
    out += "\":";
  };
  out += '{';
  if (output_margin) {
    key(row.size() == 1 ? "raw_score" : "raw_scores");
    if (row.size() == 1) append_number(out, row[0], true);
    else append_list(out, row, true);
  } else if (objective == "binary:logistic") {
    const float p = row[0];
    key("predicted_label");
    out += p > 0.5f ? '1' : '0';
    out += ',';
    key("probability");
    append_number(out, p, true);
    out += ',';
    key("probabilities");
    const float both[2] = {1.0f - p, p};
    append_list(out, both, true);
  } else if (objective == "binary:logitraw") {
    key("predicted_label");
    out += row[0] > 0.0f ? '1' : '0';
    out += ',';
    key("raw_score");
    append_number(out, row[0], true);
  } else if (objective == "multi:softmax") {
    key("predicted_label");
    out += std::to_string(static_cast<long long>(row[0]));
  } else if (objective == "multi:softprob") {
    const std::size_t best = argmax(row);
    key("predicted_label");
    out += std::to_string(best);
    out += ',';
    key("probability");
    append_number(out, row[best], true);
    out += ',';
    key("probabilities");
    append_list(out, row, true);
  } else {
    key("predicted_score");
    append_number(out, row[0], true);
  }
  out += "}\n";
}

}  // namespace

std::string format_tree_predictions(const gbdt::Model& model, std::span<const float> values,
                                    std::size_t rows, bool output_margin, PredictAccept accept) {
  const std::size_t width = rows ? values.size() / rows : 0;
  std::string out;
  out.reserve(rows * width * 12);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row = values.subspan(r * width, width);
    if (accept == PredictAccept::jsonlines) {
      append_json_tree_row(out, model.objective, row, output_margin);
    } else {
      append_list(out, row, false);
      out += '\n';
    }
  }
  return out;
}

std::string format_network_outputs(std::span<const float> values, std::size_t rows,
                                   std::size_t width, PredictAccept accept) {
  std::string out;
  out.reserve(rows * width * 12);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row = values.subspan(r * width, width);
    if (accept == PredictAccept::csv) {
      append_list(out, row, false);
    } else if (width == 1) {
      out += "{\"score\":";
      append_number(out, row[0], true);
      out += '}';
    } else {
      out += "{\"predicted_label\":" + std::to_string(argmax(row)) + ",\"scores\":";
      append_list(out, row, true);
      out += '}';
    }
    out += '\n';
  }
  return out;
}

void write_in_row_order(Communicator& comm, const std::string& text, std::uint64_t first_row_id,
                        const std::filesystem::path& out) {
  const auto world = static_cast<std::size_t>(comm.world_size());
  std::vector<std::uint64_t> mine = {first_row_id, text.size()};
  std::vector<std::uint64_t> all(2 * world);
  comm.allgather(Buffer::of(mine), Buffer::of(all));
  // Byte offset of every rank's piece in the output: pieces ordered by their first row id.
  std::vector<std::size_t> order(world);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return all[2 * a] < all[2 * b]; });
  std::vector<std::uint64_t> offset(world);
  std::uint64_t total = 0;
  for (std::size_t r : order) {
    offset[r] = total;
    total += all[2 * r + 1];
  }
  const bool writer = comm.rank() == 0;
  const bool to_stdout = out.empty();
  const std::filesystem::path tmp = out.string() + ".tmp";
  int fd = -1;
  std::string error;
  if (writer && !to_stdout) {
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) error = tmp.string() + ": cannot create the output file: " + std::strerror(errno);
  }
  std::string stdout_text;
  if (writer && to_stdout) stdout_text.resize(total);

  // Rounds of at most kChunk bytes per rank; every rank joins every round.
  constexpr std::uint64_t kChunk = 16u << 20;
  std::uint64_t rounds = 0;
  for (std::size_t r = 0; r < world; ++r) rounds = std::max(rounds, (all[2 * r + 1] + kChunk - 1) / kChunk);
  std::vector<char> received;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    std::vector<std::size_t> counts(world);
    std::size_t sum = 0;
    for (std::size_t r = 0; r < world; ++r) {
      const std::uint64_t size = all[2 * r + 1], begin = std::min(size, round * kChunk);
      counts[r] = static_cast<std::size_t>(std::min(kChunk, size - begin));
      sum += counts[r];
    }
    const std::size_t my_begin = static_cast<std::size_t>(std::min<std::uint64_t>(text.size(), round * kChunk));
    received.resize(sum);
    // Buffer is a mutable view; allgatherv only reads the send side.
    comm.allgatherv(Buffer{const_cast<char*>(text.data()) + my_begin, counts[comm.rank()], DType::u8},
                    Buffer{received.data(), sum, DType::u8}, counts);
    if (!writer || !error.empty()) continue;
    std::size_t at = 0;
    for (std::size_t r = 0; r < world; ++r) {
      const std::uint64_t position = offset[r] + round * kChunk;
      if (to_stdout) {
        std::memcpy(stdout_text.data() + position, received.data() + at, counts[r]);
      } else if (::pwrite(fd, received.data() + at, counts[r], static_cast<off_t>(position)) !=
                 static_cast<ssize_t>(counts[r])) {
        error = tmp.string() + ": cannot write the output file: " + std::strerror(errno);
      }
      at += counts[r];
    }
  }
  if (writer && to_stdout) std::cout << stdout_text << std::flush;
  if (fd >= 0) {
    if (error.empty() && ::fsync(fd) != 0) error = tmp.string() + ": cannot flush: " + std::strerror(errno);
    ::close(fd);
    std::error_code ec;
    if (error.empty()) std::filesystem::rename(tmp, out, ec);
    if (ec) error = out.string() + ": cannot rename the output into place: " + ec.message();
    if (!error.empty()) std::filesystem::remove(tmp, ec);  // no half-written output stays behind
  }
  // Only rank 0 can fail here; every rank ends alike.
  agreed(comm, [&] {
    if (!error.empty()) throw UserError(error);
    return true;
  });
}

}  // namespace dpt
