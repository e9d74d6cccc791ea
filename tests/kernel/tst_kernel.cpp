#include <QtTest>
class TestKernel : public QObject { Q_OBJECT private slots: void placeholder() {} };
QTEST_GUILESS_MAIN(TestKernel)
#include "tst_kernel.moc"
