// Replay main for the fuzz targets in normal and ASan builds (no libFuzzer): runs every file
// given, or every file under the directories given, once through LLVMFuzzerTestOneInput.
// Used by ctest (label fuzz) on fuzz/corpus/<target>/, so seeds and saved crashers
// (regressions/) stay tests.
//
// Each input is placed so that it ends exactly where an inaccessible page begins: a read one
// byte past the end of the input (from code ASan does not see, such as Hyperscan's) then
// crashes every time, where under libFuzzer it crashes only when the allocator happens to put
// the input at the end of a mapping.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", f.c_str(), bytes.size());
    // The input's pages, then one page without access right after its last byte.
    const std::size_t span = (bytes.size() + page - 1) / page * page + page;
    void* map = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
      std::perror("replay: mmap");
      return 2;
    }
    auto* guard = static_cast<std::uint8_t*>(map) + span - page;
    if (mprotect(guard, page, PROT_NONE) != 0) {
      std::perror("replay: mprotect");
      return 2;
    }
    std::uint8_t* data = guard - bytes.size();
    std::copy(bytes.begin(), bytes.end(), data);
    LLVMFuzzerTestOneInput(data, bytes.size());
    munmap(map, span);
  }
  std::printf("replay: %zu inputs ran without a crash\n", files.size());
  return files.empty() ? 1 : 0;
}
