#pragma once
// Process-wide malloc settings for jobs that allocate and free the same large buffers again and
// again, where glibc's defaults hand the memory back to the kernel each time.
//
// Blocks of hundreds of KiB to MiBs are mmap'ed and unmapped each time with glibc's defaults, or
// trimmed from the heap top, so every reuse page-faults fresh zeroed pages in again (expensive on
// virtual machines).
// - Neural training (every step's activations, im2col buffers, gradients). Reference CNN, one
//   rank, one thread, 40 steps of 100: 518-1158 samples/s with the defaults, 2155-2386 with these
//   settings; most of the difference was kernel time clearing pages.
// - Prediction (margins and row scratch, after loading freed its parse buffers). 5000 rows of the
//   Fashion-MNIST test set on the reference model: the first predict() took 19.7-22.9 ms with the
//   defaults and 12.0-12.2 ms with these settings; later calls took 11-13 ms either way.
// Not used for tree training: its reference job ran no faster with it, and peak RSS grew by 4%.
namespace dpt {

// Serve blocks up to glibc's largest mmap threshold (32 MiB) from the heap and keep freed heap
// memory for reuse instead of returning it to the kernel.
void keep_freed_memory_for_reuse();

}  // namespace dpt
