#pragma once
// Fused, bucketed gradient averaging that overlaps communication with backward. The gradients of
// a model are laid out, in the order they become ready, in one flat buffer cut into buckets
// (a small first bucket so communication starts early, then ~25 MiB ones). A bucket's
// asynchronous allreduce starts as soon as all its gradients were submitted and every earlier
// bucket has started, so all ranks launch the same collectives in the same order whatever the
// order their hooks fire in. The 1/world averaging is folded into the copy into the bucket.
// Every submit or mark_ready also moves the buckets in flight along (Pending::progress), for
// backends that advance only inside their caller's calls. Where the communicator offers a
// SumWindow (ranks sharing a host), the flat buffer lives in it and a bucket's sum reads the
// other ranks' gradients where they lie instead of an allreduce.
//
// Gradients can also live in the buckets ("gradient as bucket view", like DDP's option of that
// name): the producer computes or accumulates each gradient directly into slot(i), already
// averaged (for a network: 1/world folded into the loss scale), and calls mark_ready(i). Nothing
// is copied in or out; after finish() the same memory holds the reduced gradient.
#include <cstddef>
#include <mutex>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "collective/sum_window.h"

namespace dpt {

struct BucketOptions {
  std::size_t first_bucket_bytes = 1u << 20;
  std::size_t bucket_bytes = 25u << 20;
  // Sum the buckets in the communicator's SumWindow where it offers one (ranks sharing a host);
  // false allreduces them in any case.
  bool sum_window = true;
};

class GradientBucketer {
 public:
  // sizes: element count (f32) of each gradient, in the order they are expected to become ready
  // (for backward: reverse parameter order). Buckets are contiguous runs of that order.
  GradientBucketer(Communicator& comm, std::vector<std::size_t> sizes, BucketOptions options = {});
  ~GradientBucketer();  // waits for buckets still in flight (their memory is ours)
  GradientBucketer(const GradientBucketer&) = delete;
  GradientBucketer& operator=(const GradientBucketer&) = delete;

  // Copies grad * (1/world) into its bucket slot; when every gradient of a bucket has been
  // submitted, and all earlier buckets have been launched, launches its async allreduce.
  // Thread-safe; callable from autograd hooks. Submitting an index twice in a step throws.
  void submit(std::size_t index, std::span<const float> grad);
  // The bucket memory of gradient `index` (valid for the bucketer's life) and the no-copy
  // counterpart of submit(): gradient `index` is complete in slot(index). Thread-safe.
  std::span<float> slot(std::size_t index);
  void mark_ready(std::size_t index);
  void zero_slots();  // every slot to 0.0f, for producers that accumulate (call after reset())
  // Waits for every bucket. Buckets not yet launched are launched first; gradients that were never
  // submitted this step (unused parameters) count as zeros, identically on every rank.
  void finish();
  std::span<const float> result(std::size_t index) const;  // averaged gradient after finish()
  void reset();                                            // ready for the next step

  // For the report: seconds the bucket collectives were in flight (summed), and seconds the
  // caller spent on them: moving them along from submit/mark_ready plus finish()'s wait (the
  // communication that backward did not hide). Both for the last step.
  double comm_seconds() const;
  double exposed_seconds() const;
  std::size_t num_buckets() const { return buckets_.size(); }
  std::size_t bucket_of(std::size_t index) const { return slots_.at(index).bucket; }

 private:
  struct Slot {
    std::size_t offset, size, bucket;
    bool submitted = false;
  };
  struct Bucket {
    std::size_t offset = 0, size = 0, first_slot = 0, num_slots = 0;
    std::size_t waiting = 0;  // gradients not yet submitted this step
    Pending pending;
  };
  Slot& claim(std::size_t index);  // marks the slot submitted; caller holds mutex_
  void launch_ready_buckets();  // caller holds mutex_
  void launch(Bucket& bucket);  // caller holds mutex_
  void progress_in_flight();    // caller holds mutex_
  void close_round();           // caller holds mutex_; after every launched bucket was waited for

  Communicator& comm_;
  std::unique_ptr<SumWindow> window_;  // null: buckets are allreduced out of owned_
  std::vector<float> owned_;
  std::span<float> flat_;              // every gradient: window_'s buffer or owned_
  std::vector<Slot> slots_;
  std::vector<Bucket> buckets_;        // after window_: their sums refer to it
  float scale_;
  std::size_t next_launch_ = 0;
  bool finished_ = false;
  bool round_open_ = false;  // buckets launched since the window's last release()
  double comm_seconds_ = 0, exposed_seconds_ = 0;
  double progress_seconds_ = 0;  // this step's time in progress_in_flight()
  mutable std::mutex mutex_;
};

}  // namespace dpt
