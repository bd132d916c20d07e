#include <iostream>

#include "driver/cli.h"

int main(int argc, char** argv) { return rightfit::run_cli(argc, argv, std::cout, std::cerr); }
