#include <iostream>

int main() {
  std::cout << "dptrain " << DPT_VERSION << "\n";
  return 0;
}
