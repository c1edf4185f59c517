from xlkinerja.muka.cli import main

main()
