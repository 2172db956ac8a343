"""gem5's ``m5.defines``: what this build was compiled with (``buildEnv``)."""

buildEnv = {
    "TARGET_ISA": "riscv",
    "USE_RISCV_ISA": True,
    "USE_ARM_ISA": False,
    "USE_X86_ISA": False,
    "USE_MIPS_ISA": False,
    "USE_POWER_ISA": False,
    "USE_SPARC_ISA": False,
    "USE_NULL_ISA": False,
    "PROTOCOL": "None",
    "RUBY": False,
    "BUILD_GPU": False,
    "USE_KVM": False,
    "HAVE_PROTOBUF": False,
}
