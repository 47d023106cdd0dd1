from spip_tui.cli import main

main()
