"""The out-of-order CPU's functional-unit pool (gem5's ``src/cpu/o3/FUPool.py``
and ``FuncUnitConfig.py``): ``FUPool`` with its ``FUList`` of ``FUDesc``s, the
unit types ``IntALU``, ``IntMultDiv``, ``FP_ALU``, ``FP_MultDiv``,
``SIMD_Unit``, ``PredALU``, ``ReadPort``, ``WritePort``, ``RdWrPort`` and
``IprPort`` with gem5's counts and latencies, and ``DefaultFUPool`` (the
``BaseO3CPU.fuPool`` default)."""

from sim.objects.func_unit import FUDesc, OpDesc
from sim.objects.params import VectorParam
from sim.objects.simobject import SimObject


class FUPool(SimObject):
    type = "FUPool"
    cxx_class = "gem5::o3::FUPool"

    FUList = VectorParam.FUDesc("list of FU's for this pool")


def _ops(*names):
    return [OpDesc(opClass=n) for n in names]


class IntALU(FUDesc):
    opList = _ops("IntAlu")
    count = 6


class IntMultDiv(FUDesc):
    opList = [OpDesc(opClass="IntMult", opLat=3),
              OpDesc(opClass="IntDiv", opLat=20, pipelined=False)]
    count = 2


class FP_ALU(FUDesc):
    opList = [OpDesc(opClass=n, opLat=2) for n in ("FloatAdd", "FloatCmp", "FloatCvt")]
    count = 4


class FP_MultDiv(FUDesc):
    opList = [
        OpDesc(opClass="FloatMult", opLat=4),
        OpDesc(opClass="FloatMultAcc", opLat=5),
        OpDesc(opClass="FloatMisc", opLat=3),
        OpDesc(opClass="FloatDiv", opLat=12, pipelined=False),
        OpDesc(opClass="FloatSqrt", opLat=24, pipelined=False),
    ]
    count = 2


class SIMD_Unit(FUDesc):
    opList = _ops(
        "SimdAdd", "SimdAddAcc", "SimdAlu", "SimdCmp", "SimdCvt", "SimdMisc", "SimdMult",
        "SimdMultAcc", "SimdMatMultAcc", "SimdShift", "SimdShiftAcc", "SimdDiv", "SimdSqrt",
        "SimdFloatAdd", "SimdFloatAlu", "SimdFloatCmp", "SimdFloatCvt", "SimdFloatDiv",
        "SimdFloatMisc", "SimdFloatMult", "SimdFloatMultAcc", "SimdFloatMatMultAcc",
        "SimdFloatSqrt", "SimdReduceAdd", "SimdReduceAlu", "SimdReduceCmp",
        "SimdFloatReduceAdd", "SimdFloatReduceCmp", "SimdExt", "SimdFloatExt", "SimdConfig",
    )
    count = 4


class PredALU(FUDesc):
    opList = _ops("SimdPredAlu")
    count = 1


_LOADS = ("MemRead", "FloatMemRead", "SimdUnitStrideLoad", "SimdUnitStrideMaskLoad",
          "SimdStridedLoad", "SimdIndexedLoad", "SimdUnitStrideFaultOnlyFirstLoad",
          "SimdWholeRegisterLoad")
_STORES = ("MemWrite", "FloatMemWrite", "SimdUnitStrideStore", "SimdUnitStrideMaskStore",
           "SimdStridedStore", "SimdIndexedStore", "SimdWholeRegisterStore")


class ReadPort(FUDesc):
    opList = _ops(*_LOADS)
    count = 0


class WritePort(FUDesc):
    opList = _ops(*_STORES)
    count = 0


class RdWrPort(FUDesc):
    opList = _ops(
        "MemRead", "MemWrite", "FloatMemRead", "FloatMemWrite", "SimdUnitStrideLoad",
        "SimdUnitStrideStore", "SimdUnitStrideMaskLoad", "SimdUnitStrideMaskStore",
        "SimdStridedLoad", "SimdStridedStore", "SimdIndexedLoad", "SimdIndexedStore",
        "SimdUnitStrideFaultOnlyFirstLoad", "SimdWholeRegisterLoad", "SimdWholeRegisterStore",
    )
    count = 4


class IprPort(FUDesc):
    opList = [OpDesc(opClass="IprAccess", opLat=3, pipelined=False)]
    count = 1


class DefaultFUPool(FUPool):
    FUList = [
        IntALU(), IntMultDiv(), FP_ALU(), FP_MultDiv(), ReadPort(), SIMD_Unit(), PredALU(),
        WritePort(), RdWrPort(), IprPort(),
    ]
