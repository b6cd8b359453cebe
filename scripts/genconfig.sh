#!/bin/sh
# Turns a Kconfig .config into the C header every part of Ration includes:
#   CONFIG_X=y  -> #define CONFIG_X 1
#   CONFIG_X=n / "is not set" -> nothing (test with #ifdef / IS_ENABLED)
#   CONFIG_X=42 or "str" -> #define CONFIG_X 42 / "str"
set -e
echo "/* Generated from $1 by scripts/genconfig.sh; do not edit. */"
echo "#ifndef RATION_GENERATED_CONFIG_H"
echo "#define RATION_GENERATED_CONFIG_H"
sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p' "$1" | while read -r name value; do
	case "$value" in
	y) echo "#define $name 1" ;;
	n) ;;
	*) echo "#define $name $value" ;;
	esac
done
echo "#endif"
