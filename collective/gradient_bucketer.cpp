#include "collective/gradient_bucketer.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>

namespace dpt {

GradientBucketer::GradientBucketer(Communicator& comm, std::vector<std::size_t> sizes,
                                   BucketOptions options)
    : comm_(comm), scale_(1.0f / static_cast<float>(comm.world_size())) {
  // Close a bucket once it reaches its byte budget (a gradient larger than the budget gets a
  // bucket of its own); the first bucket is small so the first launch comes early in backward.
  std::size_t offset = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (buckets_.empty() || buckets_.back().size * sizeof(float) >=
                                (buckets_.size() == 1 ? options.first_bucket_bytes : options.bucket_bytes)) {
      buckets_.push_back(Bucket{offset, 0, i, 0, 0, nullptr});
    }
    Bucket& bucket = buckets_.back();
    slots_.push_back(Slot{offset, sizes[i], buckets_.size() - 1});
    bucket.size += sizes[i];
    bucket.num_slots += 1;
    offset += sizes[i];
  }
  if (options.sum_window) window_ = comm_.sum_window(offset);
  if (window_) {
    flat_ = window_->buffer();
  } else {
    owned_.assign(offset, 0.0f);
    flat_ = owned_;
  }
  reset();
  std::fill(flat_.begin(), flat_.end(), 0.0f);
}

GradientBucketer::~GradientBucketer() {
  if (std::uncaught_exceptions() > 0) {
    // Unwinding towards main, which aborts the job: waiting for a bucket that another rank may
    // never join could hang, so the buffer is deliberately leaked for any collective still
    // writing into it (moving a vector keeps its storage), and with it the window and the
    // buckets' sums that refer to it.
    new std::vector<float>(std::move(owned_));
    (void)window_.release();
    for (Bucket& bucket : buckets_) (void)bucket.pending.release();
    return;
  }
  for (Bucket& bucket : buckets_) {
    if (!bucket.pending) continue;
    try {
      bucket.pending->wait();
    } catch (...) {  // a destructor must not throw; the error was (or will be) seen elsewhere
    }
  }
}

GradientBucketer::Slot& GradientBucketer::claim(std::size_t index) {
  if (index >= slots_.size()) {
    throw std::out_of_range("GradientBucketer: gradient index " + std::to_string(index) +
                            " out of range (" + std::to_string(slots_.size()) + " gradients)");
  }
  if (finished_) throw std::logic_error("GradientBucketer: gradient submitted after finish() without reset()");
  Slot& slot = slots_[index];
  if (slot.submitted) {
    throw std::logic_error("GradientBucketer: gradient " + std::to_string(index) + " submitted twice in one step");
  }
  slot.submitted = true;
  return slot;
}

void GradientBucketer::submit(std::size_t index, std::span<const float> grad) {
  std::size_t offset = 0, bucket = 0;
  {
    std::lock_guard lock(mutex_);
    if (index < slots_.size() && grad.size() != slots_[index].size) {
      throw std::invalid_argument("GradientBucketer::submit: gradient " + std::to_string(index) + " has " +
                                  std::to_string(grad.size()) + " elements, expected " +
                                  std::to_string(slots_[index].size));
    }
    const Slot& slot = claim(index);
    offset = slot.offset;
    bucket = slot.bucket;
  }
  // Each slot is written by exactly one submit, and its bucket cannot launch before the count
  // below drops, so the copy runs outside the lock (hooks of other gradients proceed meanwhile).
  float* dst = flat_.data() + offset;
  for (std::size_t i = 0; i < grad.size(); ++i) dst[i] = grad[i] * scale_;
  std::lock_guard lock(mutex_);
  buckets_[bucket].waiting -= 1;
  launch_ready_buckets();
  progress_in_flight();
}

std::span<float> GradientBucketer::slot(std::size_t index) {
  const Slot& s = slots_.at(index);
  return {flat_.data() + s.offset, s.size};
}

void GradientBucketer::mark_ready(std::size_t index) {
  std::lock_guard lock(mutex_);
  buckets_[claim(index).bucket].waiting -= 1;
  launch_ready_buckets();
  progress_in_flight();
}

void GradientBucketer::zero_slots() {
  std::lock_guard lock(mutex_);
  if (next_launch_ != 0) throw std::logic_error("GradientBucketer::zero_slots while buckets are in flight");
  std::fill(flat_.begin(), flat_.end(), 0.0f);
}

void GradientBucketer::launch_ready_buckets() {
  while (next_launch_ < buckets_.size() && buckets_[next_launch_].waiting == 0) {
    launch(buckets_[next_launch_]);
    ++next_launch_;
  }
}

void GradientBucketer::progress_in_flight() {
  if (next_launch_ == 0) return;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t b = 0; b < next_launch_; ++b) buckets_[b].pending->progress();
  progress_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void GradientBucketer::launch(Bucket& bucket) {
  round_open_ = true;
  if (window_) {
    bucket.pending = window_->sum_async(bucket.offset, bucket.size);
  } else {
    bucket.pending = comm_.allreduce_async(Buffer{flat_.data() + bucket.offset, bucket.size, DType::f32},
                                           ReduceOp::sum);
  }
}

void GradientBucketer::close_round() {
  if (window_ && round_open_) window_->release();
  round_open_ = false;
}

void GradientBucketer::finish() {
  const auto start = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (finished_) return;
  for (; next_launch_ < buckets_.size(); ++next_launch_) {
    Bucket& bucket = buckets_[next_launch_];
    for (std::size_t s = bucket.first_slot; s < bucket.first_slot + bucket.num_slots; ++s) {
      if (!slots_[s].submitted) {
        std::fill_n(flat_.data() + slots_[s].offset, slots_[s].size, 0.0f);
      }
    }
    launch(bucket);
  }
  comm_seconds_ = 0;
  for (Bucket& bucket : buckets_) {
    bucket.pending->wait();
    comm_seconds_ += bucket.pending->seconds();
  }
  close_round();
  finished_ = true;
  exposed_seconds_ =
      progress_seconds_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::span<const float> GradientBucketer::result(std::size_t index) const {
  std::lock_guard lock(mutex_);
  if (!finished_) throw std::logic_error("GradientBucketer::result before finish()");
  const Slot& slot = slots_.at(index);
  return {flat_.data() + slot.offset, slot.size};
}

void GradientBucketer::reset() {
  std::lock_guard lock(mutex_);
  for (Bucket& bucket : buckets_) {
    if (bucket.pending) bucket.pending->wait();  // never reuse memory still being reduced
    bucket.pending.reset();
    bucket.waiting = bucket.num_slots;
  }
  close_round();
  if (window_) window_->acquire();  // no other rank still reads this buffer
  for (Slot& slot : slots_) slot.submitted = false;
  next_launch_ = 0;
  progress_seconds_ = 0;
  finished_ = false;
}

double GradientBucketer::comm_seconds() const {
  std::lock_guard lock(mutex_);
  return comm_seconds_;
}

double GradientBucketer::exposed_seconds() const {
  std::lock_guard lock(mutex_);
  return exposed_seconds_;
}

}  // namespace dpt
