from spip_tui.launch import main

main()
