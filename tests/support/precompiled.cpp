// The translation unit that builds the test executables' precompiled header
// (JUMPFLOW_TEST_PCH in tests/CMakeLists.txt); it has no code of its own.
