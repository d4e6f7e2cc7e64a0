#include "app/cli.hpp"

int main(int argc, char** argv) { return menshen::app::RunCli(argc, argv); }
